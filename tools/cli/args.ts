/** A tiny argument reader for the project's command-line tools. */
export interface Args {
  flags: Set<string>;
  options: Map<string, string>;
  positional: string[];
}

/** Parses `--flag`, `--name value` (for the names given) and positional arguments. */
export function parseArgs(argv: readonly string[], valued: readonly string[] = []): Args {
  const args: Args = { flags: new Set(), options: new Map(), positional: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      args.positional.push(...argv.slice(i + 1));
      break;
    }
    if (a.startsWith('--')) {
      const [name, inline] = a.slice(2).split('=', 2) as [string, string | undefined];
      if (valued.includes(name)) {
        const value = inline ?? argv[++i];
        if (value === undefined) throw new Error(`--${name} 需要一个值`);
        args.options.set(name, value);
      } else {
        args.flags.add(name);
      }
    } else {
      args.positional.push(a);
    }
  }
  return args;
}
