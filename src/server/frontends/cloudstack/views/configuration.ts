import type { SettingGroup } from '../../../../core/setting-groups.js';
import type { ConfigView } from '../../../../services/configurations.js';
import type { Obj } from '../reply.js';

export function configurationResponse(c: ConfigView): Obj {
  return {
    category: c.category, group: c.group, subgroup: c.subgroup, name: c.name, value: c.value, defaultvalue: c.defaultValue, scope: c.scope,
    description: c.description, isdynamic: c.dynamic, component: 'management-server', displaytext: c.displayText, type: c.type, options: c.options,
  };
}

export function configurationGroupResponse(g: SettingGroup): Obj {
  return {
    name: g.name, description: g.description, precedence: g.precedence,
    subgroup: g.subgroups.map((name, i) => ({ name, precedence: name === 'Others' ? 999 : i + 1 })),
  };
}
