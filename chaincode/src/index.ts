import { NoticeContract } from './notice-contract';

export { NoticeContract } from './notice-contract';

// fabric-chaincode-node loads this list; the first contract is the default one.
export const contracts = [NoticeContract];
