import type { ResponseDecl } from '../types.js';
import { f } from './decl.js';

export const SuccessResponse: ResponseDecl = {
  name: 'SuccessResponse',
  fields: [
    f('success', 'boolean', "true if operation is executed successfully"),
    f('displaytext', 'string', "any text associated with the success or failure"),
  ],
};

