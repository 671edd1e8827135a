// The build after tsc: icons next to the compiled files, then one ready-to-pack folder per service
// in dist/packages/<package-name>/ and its tarball in dist/tarballs/ (what goes in each:
// dev/packages.cjs).
const path = require('path');
const { task, src, dest, series } = require('gulp');

const { assemblePackage, packTarballs, servicePackages } = require('./dev/packages.cjs');

task('build:icons', copyIcons);
task('build:packages', buildPackages);
task('build', series('build:icons', 'build:packages'));

function copyIcons() {
	return streamDone(src('icons/*.{png,svg}').pipe(dest(path.resolve('dist', 'icons'))));
}

async function buildPackages() {
	for (const pkg of servicePackages()) {
		const built = assemblePackage(pkg);
		console.log(`${pkg.name}: ${path.relative(process.cwd(), built.dir)} (${built.files} files in dist/)`);
	}
	for (const [name, tarball] of Object.entries(packTarballs())) {
		console.log(`${name}: ${path.relative(process.cwd(), tarball)}`);
	}
}

function streamDone(stream) {
	return new Promise((resolve, reject) => stream.on('finish', resolve).on('error', reject));
}
