// The client's entry point: the page is one <parley-app>.
import './ui/parley-app.js';
