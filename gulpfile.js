// Copies the node and credential icons next to the compiled files in dist/.
const path = require('path');
const { task, src, dest } = require('gulp');

task('build:icons', copyIcons);

function copyIcons() {
	const icons = src('icons/*.{png,svg}');
	return Promise.all([
		streamDone(icons.pipe(dest(path.resolve('dist', 'icons')))),
	]);
}

function streamDone(stream) {
	return new Promise((resolve, reject) => stream.on('finish', resolve).on('error', reject));
}
