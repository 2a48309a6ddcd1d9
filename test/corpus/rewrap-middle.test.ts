import { rewrapWidths } from './rewrap.js';

rewrapWidths(23, 33);
