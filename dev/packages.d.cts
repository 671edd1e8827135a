// Types of dev/packages.cjs (the three published packages), for the TypeScript tests and tools.
export interface ServicePackage {
	name: string;
	/** The folder under nodes/ the package holds. */
	service: string;
	description: string;
	keywords: string[];
}
export interface PackageContents {
	/** Paths relative to dist/. */
	nodes: string[];
	credentials: string[];
	files: string[];
}
export const ROOT: string;
export const PACKAGES_DIR: string;
export const TARBALLS_DIR: string;
export function servicePackages(): ServicePackage[];
export function packageOfService(service: string): string;
export function nodeType(nodeName: string): string;
/** The class a node or credential file is named after, instantiated. */
export function instanceOf(file: string): any;
export function packageDir(name: string): string;
export function packageContents(pkg: ServicePackage): PackageContents;
export function packageManifest(pkg: ServicePackage, contents: PackageContents): Record<string, unknown>;
export function assemblePackage(pkg: ServicePackage): { dir: string; files: number };
export function declaredTypes(name: string): { nodes: string[]; credentials: string[] };
export function packTarballs(): Record<string, string>;
export function tarballs(): Record<string, string>;
