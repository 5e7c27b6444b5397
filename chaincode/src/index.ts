import { NoticeContract } from './contracts/notice-contract';
import { AccountsContract } from './contracts/accounts-contract';
import { MembersContract } from './contracts/members-contract';
import { PaymentsContract } from './contracts/payments-contract';
import { BenchContract } from './contracts/bench-contract';
import { FxContract } from './contracts/fx-contract';
import { ComplianceContract } from './contracts/compliance-contract';
import { skipUnloggedDebug } from './shim/logging';
import { installFastParameters } from './shim/parameters';
import { installCertificateCache } from './shim/certificates';

export { NoticeContract } from './contracts/notice-contract';

skipUnloggedDebug();
installFastParameters();
installCertificateCache();

// fabric-chaincode-node loads this list; the first contract is the default one.
export const contracts = [NoticeContract, MembersContract, AccountsContract, PaymentsContract, FxContract, ComplianceContract, BenchContract];
