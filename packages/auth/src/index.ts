export { createAuth, SESSION_TTL_SECONDS, type Auth, type AuthConfig } from './auth';
export {
  createUserWithPassword,
  ensureInitialAdmin,
  generatePassword,
  type BootstrapResult,
  type NewUser,
} from './users';
export { resolveSessionUser, type SessionUser } from './session';
