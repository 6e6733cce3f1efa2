// The version written into reports and workpapers, so a reviewer knows which Tickmark produced them.
export const TOOL_VERSION = '0.1.0';
