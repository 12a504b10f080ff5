// dovecot.conf for the local development cluster (Dovecot 2.3: one director, backends on shared
// maildir storage). Everything runs as one unprivileged user; see scripts/lib/dovecot.mjs.

/** Settings every node shares. */
function common({ name, dir, ip, imapPort, popPort, lmtpPort, doveadmPort, apiKey, doveadmPassword, user }) {
  return `instance_name = ${name}
base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/dovecot.log
protocols = imap pop3 lmtp
listen = ${ip}
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_verbose = yes
# Tests log in from 127.0.0.1 again and again: no delay after a failure.
auth_failure_delay = 0
verbose_proctitle = yes
# reload must not disconnect open sessions.
shutdown_clients = no
login_trusted_networks = 127.0.0.0/8
default_login_user = ${user}
default_internal_user = ${user}
default_internal_group = ${user}
# Services that chroot by default cannot do so without root.
service anvil {
  chroot =
  # The auth penalty socket would stall logins after a failed one.
  unix_listener anvil-auth-penalty {
    mode = 0
  }
}
service ipc {
  chroot =
}
service doveadm {
  inet_listener http {
    address = 127.0.0.1
    port = ${doveadmPort}
  }
}
doveadm_api_key = ${apiKey}
doveadm_password = ${doveadmPassword}
service imap-login {
  chroot =
  inet_listener imap {
    address = ${ip}
    port = ${imapPort}
  }
  inet_listener imaps {
    port = 0
  }
}
service pop3-login {
  chroot =
  inet_listener pop3 {
    address = ${ip}
    port = ${popPort}
  }
  inet_listener pop3s {
    port = 0
  }
}
# Postfix delivers over LMTP to the director, which proxies to the user's backend.
service lmtp {
  inet_listener lmtp {
    address = ${ip}
    port = ${lmtpPort}
  }
}
`;
}

/**
 * A mail-store node: authenticates users and opens their mailboxes on the shared storage. Its users
 * come only from the node agent: one passwd-file per domain in usersDir (local parts, `%n`), deny
 * lists per login service in usersDir/.deny, and the cluster defaults in cluster.conf.
 */
export function backendConfig(o) {
  return `${common(o)}mail_uid = ${o.user}
mail_gid = ${o.user}
mail_location = maildir:~/Maildir
postmaster_address = postmaster@localhost.invalid
passdb {
  driver = passwd-file
  deny = yes
  args = username_format=%u ${o.usersDir}/.deny/%s
}
passdb {
  driver = passwd-file
  args = username_format=%n ${o.usersDir}/%d
}
userdb {
  driver = passwd-file
  args = username_format=%n ${o.usersDir}/%d
}
namespace inbox {
  inbox = yes
}
mail_plugins = $mail_plugins quota
protocol imap {
  mail_plugins = $mail_plugins imap_quota
}
lmtp_rcpt_check_quota = yes
plugin {
  quota = count:User quota
  quota_vsizes = yes
}
!include_try ${o.dir}/cluster.conf
!include_try ${o.dir}/readiness.conf
`;
}

/**
 * The director: proxies every login to the backend it assigns the user to. The backend checks the
 * password; %{lport} sends IMAP and POP3 to the same ports on the backend's address.
 */
export function directorConfig(o) {
  return `${common(o)}director_servers = ${o.ip}:${o.ringPort}
director_mail_servers = ${o.backendIps.join(' ')}
director_user_expire = 1 min
service director {
  chroot =
  unix_listener login/director {
    mode = 0666
  }
  fifo_listener login/proxy-notify {
    mode = 0666
  }
  unix_listener director-userdb {
    mode = 0600
  }
  inet_listener {
    address = ${o.ip}
    port = ${o.ringPort}
  }
}
service imap-login {
  executable = imap-login director
}
service pop3-login {
  executable = pop3-login director
}
lmtp_proxy = yes
protocol lmtp {
  auth_socket_path = director-userdb
}
passdb {
  driver = static
  args = proxy=y nopassword=y port=%{lport}
}
# Written by the node agent: listener overrides while the director is Non-Ready.
!include_try ${o.dir}/readiness.conf
`;
}
