export { createAuth, SESSION_TTL_SECONDS, type Auth, type AuthConfig } from './auth';
export {
  checkUserPassword,
  setUserPassword,
  createUserWithPassword,
  ensureInitialAdmin,
  generatePassword,
  type BootstrapResult,
  type NewUser,
} from './users';
export { resolveSessionUser, type SessionUser } from './session';
