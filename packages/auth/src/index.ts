export {
  CLIENT_IP_HEADER,
  createAuth,
  SESSION_TTL_SECONDS,
  TWO_FACTOR_ISSUER,
  TWO_FACTOR_LOCK_SECONDS,
  TWO_FACTOR_MAX_FAILURES,
  type Auth,
  type AuthConfig,
} from './auth';
export {
  checkUserPassword,
  setUserPassword,
  createUserWithPassword,
  ensureInitialAdmin,
  generatePassword,
  type BootstrapResult,
  type NewUser,
} from './users';
export { resolveSession, resolveSessionUser, type SessionUser } from './session';
export { hasTwoFactor, pendingTwoFactorUser, removeTwoFactor, type PendingTwoFactorUser } from './two-factor';
