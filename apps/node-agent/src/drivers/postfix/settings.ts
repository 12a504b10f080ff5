/** How the agent finds the Postfix instance it drives (--postfix-config-dir). */
export interface PostfixSettings {
  /** The instance's config directory (main.cf, master.cf, the maps). */
  configDir: string;
}
