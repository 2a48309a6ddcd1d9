import { rewrapWidths } from './rewrap.js';

rewrapWidths(34, 45);
