// Types of dev/check-packages.cjs, for the unit test of its rules.
export const RULES: Record<string, (dir: string) => string | undefined>;
export function checkPackageDir(dir: string): Array<{ rule: string; problem: string | undefined }>;
export function unpack(tarball: string): string;
