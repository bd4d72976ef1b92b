export { MASK, maskName, maskIdNumber, maskPhone, maskPersonalData, maskPersonalDataIn, PERSONAL_DATA_KEYS, type PersonalData } from './mask.ts'
export { UNMASK_ROLES, mayUnmask } from './unmask.ts'
