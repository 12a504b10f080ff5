// What the Dovecot driver needs to know besides the agent's own options
// (--doveadm-url, --doveadm-key, --director-doveadm-url, ... on the command line).
export interface DovecotSettings {
  /** This node's doveadm HTTP API, e.g. http://127.0.0.1:8080. */
  doveadmUrl: string;
  /** Its doveadm_api_key. */
  doveadmKey: string;
  /** Backends: the director's doveadm HTTP API, where Make Non-Ready sets this backend's vhost count to 0. */
  directorUrl?: string | undefined;
  /** The director's doveadm_api_key; default doveadmKey. */
  directorKey?: string | undefined;
  /** Backends: this node's address as the director lists it (director_mail_servers); default --host. */
  mailHost?: string | undefined;
  /** Frontends: a file dovecot.conf includes last (!include_try); Non-Ready writes listener overrides there. */
  readinessConf?: string | undefined;
  /** Backends: where the agent writes one passwd-file per domain (dovecot.conf reads `<dir>/%d`). */
  usersDir?: string | undefined;
  /** Backends: the shared mail storage root; homes are `<root>/<domain>/<account id>`. */
  mailRoot?: string | undefined;
  /** Backends: dovecot.conf, checked with `doveconf -n` before a generated include is kept. */
  dovecotConf?: string | undefined;
  /** Backends: a file dovecot.conf includes, where the agent writes the cluster-wide defaults. */
  clusterConf?: string | undefined;
}
