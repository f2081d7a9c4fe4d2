// DAISY Ace (a devDependency) checks EPUBs in a browser through puppeteer. Puppeteer would download
// a Chrome of its own when installed; the tests use Debian's chromium instead (PUPPETEER_EXECUTABLE_PATH).
module.exports = { skipDownload: true };
