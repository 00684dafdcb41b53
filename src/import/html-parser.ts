/**
 * htmlparser2's Parser and Tokenizer (with its QuoteType), and the DomHandler it builds
 * documents with, without the rest of htmlparser2's entry point: that one
 * also loads domutils, dom-serializer and an older copy of `entities` (its
 * feed reader and DomUtils re-exports), which cost an import more start-up
 * time than the parser itself and which no importer uses. The parser's own
 * modules are required from the folder of the package's CommonJS entry
 * (its `exports` map lists only the entry); domhandler is resolved from
 * there too, so it is the one htmlparser2 itself uses. When the files are
 * not where they are expected (another layout after an upgrade), the
 * package's entry gives the same classes, only at the former cost.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { DomHandler as DomHandlerClass, Parser as ParserClass, QuoteType as QuoteTypeEnum, Tokenizer as TokenizerClass } from 'htmlparser2';

export type { Options } from 'htmlparser2';

export interface HtmlParserParts {
  Parser: typeof ParserClass;
  Tokenizer: typeof TokenizerClass;
  /** How an attribute's value was written (the Tokenizer's `onattribend` says). */
  QuoteType: typeof QuoteTypeEnum;
  DomHandler: typeof DomHandlerClass;
  /** Whether the parts came from the package's own modules (false: from its entry point, which loads the rest too). */
  lean: boolean;
}

/** The parser's modules, each alone; null when they are not where htmlparser2 10 keeps them. */
function leanParts(require: NodeJS.Require): HtmlParserParts | null {
  try {
    const entry = require.resolve('htmlparser2');
    const dir = dirname(entry);
    const { Parser } = require(join(dir, 'Parser.js')) as { Parser?: typeof ParserClass };
    const { default: Tokenizer, QuoteType } = require(join(dir, 'Tokenizer.js')) as { default?: typeof TokenizerClass; QuoteType?: typeof QuoteTypeEnum };
    const { DomHandler } = createRequire(entry)('domhandler') as { DomHandler?: typeof DomHandlerClass };
    if (typeof Parser !== 'function' || typeof Tokenizer !== 'function' || typeof DomHandler !== 'function' || typeof QuoteType !== 'object') return null;
    return { Parser, Tokenizer, QuoteType, DomHandler, lean: true };
  } catch {
    return null;
  }
}

/** Parser, Tokenizer and DomHandler, loaded once (when this module is). */
function loadParts(): HtmlParserParts {
  const require = createRequire(import.meta.url);
  const lean = leanParts(require);
  if (lean) return lean;
  const { Parser, Tokenizer, QuoteType, DomHandler } = require('htmlparser2') as typeof import('htmlparser2');
  return { Parser, Tokenizer, QuoteType, DomHandler, lean: false };
}

export const htmlParser: HtmlParserParts = loadParts();
