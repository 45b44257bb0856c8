// Starts the nhsuk-frontend components (error summary focus, password input toggle, buttons...).
import { initAll } from '/assets/nhsuk/nhsuk-frontend.min.js';

initAll();
