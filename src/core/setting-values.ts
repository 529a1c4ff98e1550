// Type and range checks of setting values, as CloudStack's ConfigurationManagerImpl does them
// (validateValueType, validateValueRange), plus how a setting's type is named on the wire.
import { type SettingDef, positiveSettings } from './settings.js';

const INTEGER = /^[+-]?\d+$/;
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const INT32 = [-2147483648, 2147483647] as const;

/** The stored form of a value (booleans lower-cased, numbers trimmed), or a reason it is refused. */
export function checkSettingValue(def: SettingDef, raw: string): { value: string } | { problem: string } {
  const v = def.type === 'String' ? raw : raw.trim();
  const bad = (why: string) => ({ problem: `Value [${raw}] is not a valid [${def.type}]${why ? `: ${why}` : ''}.` });
  let n: number | undefined;
  switch (def.type) {
    case 'Boolean':
      if (!/^(true|false)$/i.test(v)) return bad('');
      return { value: v.toLowerCase() };
    case 'Integer':
    case 'Long':
      if (!INTEGER.test(v)) return bad('');
      n = Number(v);
      if (!Number.isSafeInteger(n) || (def.type === 'Integer' && (n < INT32[0] || n > INT32[1]))) return bad('out of range');
      break;
    case 'Float':
      if (!DECIMAL.test(v) || !Number.isFinite(Number(v))) return bad('');
      n = Number(v);
      break;
    case 'String':
      break;
  }
  if (n !== undefined) {
    if ((def.positive || positiveSettings.has(def.name)) && n <= 0) return { problem: `Please enter a positive value for the configuration parameter: [${def.name}].` };
    if (def.range && (n < def.range[0] || n > def.range[1])) {
      return { problem: `Please enter a value between ${def.range[0]} and ${def.range[1]} for the configuration parameter: [${def.name}].` };
    }
  }
  if (def.options && def.kind === 'Select' && !def.options.includes(v)) {
    return { problem: `Value [${v}] for configuration [${def.name}] must be one of: ${def.options.join(', ')}.` };
  }
  if (def.options && def.kind === 'CSV') {
    const items = v.split(',').map((s) => s.trim()).filter((s) => s.length);
    const wrong = items.filter((i) => !def.options!.some((o) => o.toLowerCase() === i.toLowerCase()));
    if (!items.length || wrong.length) return { problem: `Value [${v}] for configuration [${def.name}] must be a comma-separated list of: ${def.options.join(', ')}.` };
    return { value: items.map((i) => def.options!.find((o) => o.toLowerCase() === i.toLowerCase())!).join(',') };
  }
  return { value: n !== undefined ? v.replace(/^\+/, '') : v };
}

/** ConfigurationResponse.type: CloudStack's parseConfigurationTypeIntoString. */
export function settingWireType(def: SettingDef): string {
  if (def.kind) return def.kind;
  switch (def.type) {
    case 'Integer':
    case 'Long':
      return 'Number';
    case 'Float':
      return 'Decimal';
    case 'Boolean':
      return 'Boolean';
    case 'String':
      return 'String';
  }
}

/** ConfigurationResponse.displaytext when a setting has none of its own: `cpu.overprovisioning.factor` → `Cpu overprovisioning factor`. */
export function settingDisplayText(name: string): string {
  const words = name.split('.').join(' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}
