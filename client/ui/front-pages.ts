// The pages for a path that is not a room: the home page at /, and the page
// for a link that leads nowhere. One module, loaded by parley-app.ts only on
// such a path, so that a room link (what most people open, often on a phone)
// does not load them (issue 14; test/build/bundle-size.test.ts measures both).
import './bad-link-page.js';
import './home-page.js';

export { linkProblem } from './link-problem.js';
