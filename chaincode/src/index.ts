import { NoticeContract } from './notice-contract';
import { AccountsContract } from './accounts-contract';
import { MembersContract } from './members-contract';
import { PaymentsContract } from './payments-contract';
import { BenchContract } from './bench-contract';
import { FxContract } from './fx-contract';
import { ComplianceContract } from './compliance-contract';
import { skipUnloggedDebug } from './shim-logging';
import { installFastParameters } from './shim-parameters';
import { installCertificateCache } from './shim-certificates';

export { NoticeContract } from './notice-contract';

skipUnloggedDebug();
installFastParameters();
installCertificateCache();

// fabric-chaincode-node loads this list; the first contract is the default one.
export const contracts = [NoticeContract, MembersContract, AccountsContract, PaymentsContract, FxContract, ComplianceContract, BenchContract];
