// UserVmResponse used to be declared here while the VM family's vm.ts was in progress; it now
// lives in vm.ts. Kept as a re-export because other families import it from this path.
export { UserVmResponse } from './vm.js';
