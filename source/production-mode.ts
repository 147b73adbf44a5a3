// Imported first by the CLI, before React loads: React and Ink pick their build from NODE_ENV when they load, and
// the development build renders the chrome about twice as slowly (measured in the bench's switch trace).

process.env['NODE_ENV'] ??= 'production';
