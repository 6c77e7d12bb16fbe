import type { z } from 'zod';

type Lang = 'id' | 'en';

/**
 * The branch's IT reads what is wrong with the machine file on the kiosk's own screen, in its
 * language: the schema's own rules say a code (`config.…`), this says it in words. zod's Indonesian
 * locale is not used: it leaves "number" and ">=" in its sentences.
 */
const CUSTOM: Record<string, Record<Lang, string>> = {
  'config.clock_time': {
    id: 'tulis jam sebagai JJ:MM, misalnya 02:00',
    en: 'write a time of day as HH:MM, e.g. 02:00',
  },
  'config.absolute_path': {
    id: 'folder pindai harus ditulis lengkap dari akarnya (misalnya C:\\Pindai)',
    en: 'the scanner folder must be a full path (for example C:\\Scans)',
  },
  'config.empty_window': {
    id: 'jam mulai dan jam selesai tidak boleh sama',
    en: 'the window must not start and end at the same time',
  },
  'config.printer_required': {
    id: 'kiosk yang boleh mencetak perlu nama printer kantor cabang',
    en: 'a kiosk that may print needs the name of the branch printer',
  },
  'config.https_only': {
    id: 'alamat layanan harus https (http hanya untuk 127.0.0.1)',
    en: 'the policy service is reached over https (plain http only on 127.0.0.1)',
  },
  'config.tiles_https': {
    id: 'alamat peta harus https (http hanya untuk 127.0.0.1)',
    en: 'must be an https address (http only on loopback)',
  },
  'config.tiles_template': {
    id: 'templat peta perlu {z}, {x} dan {y}',
    en: 'needs {z}, {x} and {y}',
  },
  'config.no_service': {
    id: 'belum ada alamat layanan polis (serviceUrl di config.json mesin ini, atau PORTAL_SERVICE_URL)',
    en: 'no policy service is configured (machine config.json, or PORTAL_SERVICE_URL)',
  },
  'config.unreadable': { id: 'berkas tidak dapat dibaca', en: 'the file cannot be read' },
  'config.not_json': { id: 'bukan JSON yang valid', en: 'not valid JSON' },
};

const TYPES: Record<string, Record<Lang, string>> = {
  number: { id: 'angka', en: 'a number' },
  int: { id: 'bilangan bulat', en: 'a whole number' },
  boolean: { id: 'true atau false', en: 'true or false' },
  string: { id: 'teks', en: 'text' },
  object: { id: 'objek { … }', en: 'an object { … }' },
};

/** A custom code's words, or the text itself when it is none. */
export function configText(code: string, lang: Lang): string {
  return CUSTOM[code]?.[lang] ?? code;
}

const BOUNDS = {
  min: { id: ['paling kecil', 'paling sedikit'], en: ['at least', 'at least'] },
  max: { id: ['paling besar', 'paling banyak'], en: ['at most', 'at most'] },
} as const;

/** A lower or upper bound in words: of a number, or of a text's length in characters. */
function bound(which: 'min' | 'max', ofText: boolean, n: number | bigint, lang: Lang): string {
  const [number, length] = BOUNDS[which][lang];
  return ofText ? `${length} ${n} ${lang === 'id' ? 'karakter' : 'characters'}` : `${number} ${n}`;
}

/** zod's error map for the machine file, in one language. */
export function configErrors(lang: Lang): z.core.$ZodErrorMap {
  const id = lang === 'id';
  return (issue) => {
    switch (issue.code) {
      case 'too_small':
        return bound('min', issue.origin === 'string', issue.minimum, lang);
      case 'too_big':
        return bound('max', issue.origin === 'string', issue.maximum, lang);
      case 'invalid_type': {
        const t = TYPES[issue.expected]?.[lang] ?? issue.expected;
        return id ? `harus ${t}` : `must be ${t}`;
      }
      case 'invalid_format':
        return issue.format === 'url'
          ? id
            ? 'bukan alamat yang valid'
            : 'not a valid address'
          : id
            ? 'bentuknya tidak sesuai'
            : 'not in the expected form';
      case 'unrecognized_keys':
        return id ? `tidak dikenal: ${issue.keys.join(', ')}` : `not known: ${issue.keys.join(', ')}`;
      case 'custom':
        return configText(issue.message ?? '', lang);
      default:
        return undefined;
    }
  };
}
