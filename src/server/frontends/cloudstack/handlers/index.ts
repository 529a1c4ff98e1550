import type { HandlerMap } from '../reply.js';
import { discoveryHandlers } from './discovery.js';
import { domainHandlers } from './domain.js';
import { eventHandlers } from './event.js';
import { jobHandlers } from './job.js';
import { userHandlers } from './user.js';

/** Every served command; login and logout are served by the route itself (they set cookies). */
export const handlers: HandlerMap = {
  ...discoveryHandlers,
  ...domainHandlers,
  ...eventHandlers,
  ...jobHandlers,
  ...userHandlers,
};
