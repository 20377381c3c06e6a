// Finds the worked examples in a Markdown page (README.md, docs/*.md): the inputs the page shows and the commands
// whose output it shows, so that test/docs.test.ts can run each command and compare (issue 9 item 7: "a test
// that runs each documented command and compares its output with the page keeps the worked examples true").
//
// What counts as an example, so that a page author knows what is checked:
//
// - A code block whose lines start with `$ bazinga-stats …` (an environment assignment may come first): each
//   `$` line is a command, the lines under it up to the next `$` line are what a terminal shows, stdout then
//   stderr. A `$` block of another program (`$ npm run bench`) is not checked.
// - A code block after a paragraph that ends with `:` and names a command in backticks (`bazinga-stats …` or
//   `node bin/bazinga-stats.js …`, the last one in the paragraph): the block is that command's stdout, or its
//   stderr when the paragraph ends `stderr:`, or a run of consecutive lines of it when the paragraph says
//   "part of". A following block introduced by "and on stderr:" is the same command's stderr.
// - An input: a code block after a paragraph that ends with `:` and names files in backticks (`lines.jsonl`,
//   `ci-uuids.txt`) and no command; several blocks in a row are those files in the order named. The file's
//   content is the block's lines, each ending in `\n`.
//
// Pure: text in, examples out.

export type Stream = 'stdout' | 'stderr' | 'terminal';

export interface Expectation {
  stream: Stream;
  /** the block's lines joined with `\n` */
  text: string;
  /** only a run of consecutive lines of the output ("part of") */
  part: boolean;
  /** 1-based line of the block's first content line */
  line: number;
}

export interface DocExample {
  page: string;
  /** 1-based line of the command (the `$` line, or the block's opening fence) */
  line: number;
  /** the command as the page writes it, for a shell */
  command: string;
  expected: Expectation[];
}

export interface DocInput {
  page: string;
  line: number;
  name: string;
  content: string;
}

export interface PageExamples {
  examples: DocExample[];
  inputs: DocInput[];
}

const COMMAND_SPAN = /`((?:[A-Z_][A-Z0-9_]*=\S* )*(?:bazinga-stats|node bin\/bazinga-stats\.js)(?: [^`]*)?)`/g;
const FILE_SPAN = /`([\w.-]+\.(?:jsonl|txt|gz))`/g;
const DOLLAR_COMMAND = /^\$ ((?:[A-Z_][A-Z0-9_]*=\S* )*bazinga-stats(?: .*)?)$/;

interface Block {
  line: number;
  lines: string[];
  /** the text of the paragraph before it (lines joined with spaces), '' if none */
  paragraph: string;
  /** how many blocks came between that paragraph and this block */
  index: number;
}

function blocksOf(markdown: string): Block[] {
  const lines = markdown.split('\n');
  const blocks: Block[] = [];
  let paragraph: string[] = [];
  let lastParagraph = '';
  let index = 0;
  for (let i = 0; i < lines.length; i++) {
    const fence = /^(\s*)```[\w-]*\s*$/.exec(lines[i]);
    if (fence) {
      if (paragraph.length > 0) {
        lastParagraph = paragraph.join(' ');
        paragraph = [];
        index = 0;
      }
      const indent = fence[1].length;
      const content: string[] = [];
      const start = i + 2;
      for (i++; i < lines.length && lines[i].trim() !== '```'; i++) {
        content.push(lines[i].slice(Math.min(indent, lines[i].length - lines[i].trimStart().length)));
      }
      blocks.push({ line: start, lines: content, paragraph: lastParagraph, index: index++ });
      continue;
    }
    if (lines[i].trim() === '' || /^#{1,6} /.test(lines[i])) {
      if (paragraph.length > 0) {
        lastParagraph = paragraph.join(' ');
        index = 0;
      }
      if (/^#{1,6} /.test(lines[i])) {
        // a heading ends what came before: a block under it belongs to no earlier paragraph
        lastParagraph = '';
        index = 0;
      }
      paragraph = [];
      continue;
    }
    if (/^\s*(?:[-*]|\d+\.) /.test(lines[i]) && paragraph.length > 0) {
      // a list item is a paragraph of its own
      lastParagraph = paragraph.join(' ');
      index = 0;
      paragraph = [];
    }
    paragraph.push(lines[i].trim());
  }
  return blocks;
}

export function findExamples(page: string, markdown: string): PageExamples {
  const examples: DocExample[] = [];
  const inputs: DocInput[] = [];
  let previous: DocExample | null = null;
  for (const block of blocksOf(markdown)) {
    const first = block.lines[0] ?? '';
    if (first.startsWith('$ ')) {
      previous = null;
      if (!DOLLAR_COMMAND.test(first)) continue;
      let current: DocExample | null = null;
      let output: string[] = [];
      const close = () => {
        if (current) current.expected.push({ stream: 'terminal', text: output.join('\n'), part: false, line: current.line + 1 });
      };
      block.lines.forEach((text, offset) => {
        const command = DOLLAR_COMMAND.exec(text);
        if (command) {
          close();
          current = { page, line: block.line + offset, command: command[1], expected: [] };
          examples.push(current);
          output = [];
        } else {
          output.push(text);
        }
      });
      close();
      continue;
    }
    const paragraph = block.paragraph.trim();
    if (!paragraph.endsWith(':')) {
      previous = null;
      continue;
    }
    const expectation = (stream: Stream): Expectation => ({
      stream,
      text: block.lines.join('\n'),
      part: /\bpart of\b/i.test(paragraph),
      line: block.line,
    });
    if (/^and on stderr:$/i.test(paragraph) && previous) {
      previous.expected.push(expectation('stderr'));
      previous = null;
      continue;
    }
    const commands = [...paragraph.matchAll(COMMAND_SPAN)].map((match) => match[1]);
    if (commands.length > 0) {
      if (block.index !== 0) continue;
      const example: DocExample = { page, line: block.line - 1, command: commands[commands.length - 1], expected: [] };
      example.expected.push(expectation(/stderr:$/i.test(paragraph) ? 'stderr' : 'stdout'));
      examples.push(example);
      previous = example;
      continue;
    }
    previous = null;
    const files = [...paragraph.matchAll(FILE_SPAN)].map((match) => match[1]);
    if (block.index < files.length) {
      inputs.push({ page, line: block.line, name: files[block.index], content: block.lines.map((l) => `${l}\n`).join('') });
    }
  }
  return { examples, inputs };
}

/** A line diff (longest common subsequence) of the page's text and the tool's, `-` page, `+` tool, `  ` both. */
export function lineDiff(page: string, tool: string): string {
  const a = page.split('\n');
  const b = tool.split('\n');
  const common: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      common[i][j] = a[i] === b[j] ? common[i + 1][j + 1] + 1 : Math.max(common[i + 1][j], common[i][j + 1]);
    }
  }
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      out.push(`  ${a[i++]}`);
      j++;
    } else if (j < b.length && (i === a.length || common[i][j + 1] > common[i + 1][j])) {
      out.push(`+ ${b[j++]}`);
    } else {
      out.push(`- ${a[i++]}`);
    }
  }
  return out.join('\n');
}
