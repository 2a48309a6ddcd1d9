import { rewrapWidths } from './rewrap.js';

rewrapWidths(13, 22);
