// @ts-check
//
// markdownlint-rule-claimlint: claimlint's findings as markdownlint rules.
//
// This module owns the translation between the two tools: it sends the
// document markdownlint is checking to the claimlint binary and reports
// each finding through markdownlint's `onError`. It does not lint anything
// itself, read files or touch the network; claimlint decides what a
// finding is.
//
// Design, in short (docs/ci.md, "Use with markdownlint", says more):
//
// - One markdownlint rule per claimlint rule, named
//   `claimlint/<rule-name>` with the code (`CL001`) as an alias and the tag
//   `claimlint`, so findings show and are configured under claimlint's own
//   names. markdownlint requires each finding to come from the rule object
//   that reports it, so every rule object asks for the same cached run and
//   reports its own findings. The list comes from `rules.json`, which a
//   test keeps equal to `claimlint rules --format json`.
// - Two more rules report what is not a finding of a known rule:
//   `claimlint/cannot-run` (the binary is missing or fails, once per
//   document) and `claimlint/unknown-rule` (a finding from a rule newer
//   than this package).
// - markdownlint hides the text of HTML comments from rules and takes front
//   matter out of `params.lines`, but claimlint needs both (suppressions and
//   evidence live in comments, claims and `markets:` in front matter). The
//   document is rebuilt from front matter, lines and the raw HTML that
//   micromark's tokens keep.
// - markdownlint cannot report on front-matter lines, so a finding there is
//   reported on the first line after the front matter, saying where it is.
// - claimlint's columns count Unicode code points; markdownlint's ranges
//   count UTF-16 code units, as JavaScript strings do.
// - One claimlint process serves the whole markdownlint run (per binary and
//   arguments): `claimlint check --stream` reads documents as JSON lines and
//   answers each with a line (src/bin/claimlint/commands/stream.rs).
//   Starting claimlint costs far more than checking a page, so a process
//   per document made markdownlint slow. markdownlint calls rules
//   synchronously, so a worker thread owns the process and the rule waits
//   for its answer with `Atomics.wait` (as the synckit package does).
// - The process's first line is a greeting naming claimlint and the
//   protocol: a different program called `claimlint` (the PyPI package of
//   that name is an unrelated tool with a `check` subcommand) is refused
//   with a message saying so, rather than misread.
// - By default only findings at or above claimlint's `--fail-on` severity
//   (error, unless `args` change it) are reported, so markdownlint fails
//   exactly when `claimlint check` would; `"report": "all"` reports every
//   finding.

"use strict";

const {
  MessageChannel,
  Worker,
  receiveMessageOnPort,
} = require("node:worker_threads");

/** @type {{ code: string, name: string, summary: string }[]} */
const RULES = require("./rules.json");

const TAG = "claimlint";
const INFORMATION = new URL("https://github.com/claimlint/claimlint#rules");
const INSTALL =
  "install it from its repository with `cargo install --locked --git https://github.com/claimlint/claimlint claimlint` " +
  "or set its path: `\"claimlint\": { \"path\": \"/path/to/claimlint\" }` in the markdownlint " +
  "config, or the CLAIMLINT_PATH environment variable";
// A document takes claimlint milliseconds; this only stops a hung binary
// from freezing an editor.
const TIMEOUT_MS = 60_000;
const MAX_CONTEXT = 80;
const newLineRe = /\r\n?|\n/;

/**
 * @typedef {object} Diagnostic claimlint's JSON diagnostic (docs/output-formats.md).
 * @property {string} code
 * @property {string} rule
 * @property {string} path
 * @property {string} severity
 * @property {string} message
 * @property {string} help
 * @property {number} line
 * @property {number} column
 * @property {number} end_line
 * @property {number} end_column
 *
 * @typedef {object} Settings What the markdownlint config asks of the plugin.
 * @property {string} command The claimlint binary.
 * @property {string[]} args More `claimlint check` flags.
 * @property {boolean} all Report every finding, not only those at `--fail-on`.
 * @property {string | null} problem What is wrong with the config.
 *
 * @typedef {object} Outcome One claimlint run on one document.
 * @property {Diagnostic[]} diagnostics
 * @property {string | null} error Why claimlint could not check it.
 * @property {string[]} lines The document claimlint checked, by line.
 * @property {number} frontMatterLines How many of those lines markdownlint calls front matter.
 */

/**
 * The binary and extra arguments: the rule's configuration (markdownlint
 * gives every rule tagged `claimlint` the object under `"claimlint"`), then
 * CLAIMLINT_PATH, then `claimlint` on PATH.
 *
 * @param {unknown} config
 * @returns {Settings}
 */
function settings(config) {
  const c = /** @type {Record<string, unknown>} */ (
    config && typeof config === "object" ? config : {}
  );
  let problem = null;
  let command = process.env.CLAIMLINT_PATH || "claimlint";
  if (c.path !== undefined) {
    if (typeof c.path === "string" && c.path !== "") {
      command = c.path;
    } else {
      problem = "`path` in the claimlint config must be a non-empty string";
    }
  }
  /** @type {string[]} */
  let args = [];
  if (c.args !== undefined) {
    if (Array.isArray(c.args) && c.args.every((a) => typeof a === "string")) {
      args = c.args;
    } else {
      problem = "`args` in the claimlint config must be an array of strings";
    }
  }
  let all = false;
  if (c.report !== undefined) {
    if (c.report === "all" || c.report === "fail-on") {
      all = c.report === "all";
    } else {
      problem = '`report` in the claimlint config must be "fail-on" or "all"';
    }
  }
  return { command, args, all, problem };
}

/**
 * Puts back the text of HTML (comments included) that markdownlint blanked
 * out of `lines`. Blanking keeps every character's position (each one
 * becomes `.`, spaces stay), and micromark's tokens keep the raw text with
 * its position (columns in UTF-16 code units), so each token's text is
 * written back where it was. A token whose text does not fit the blanked
 * line is left alone rather than corrupt the document.
 *
 * @param {readonly any[]} tokens micromark tokens
 * @param {string[]} lines content lines, changed in place
 */
function restoreHtml(tokens, lines) {
  for (const token of tokens) {
    if (token.type === "htmlFlow" || token.type === "htmlText") {
      const parts = token.text.split(newLineRe);
      parts.forEach((/** @type {string} */ part, /** @type {number} */ k) => {
        const i = token.startLine - 1 + k;
        const at = k === 0 ? token.startColumn - 1 : 0;
        const line = lines[i];
        if (line === undefined || !fitsBlanked(line, at, part)) {
          return;
        }
        lines[i] = line.slice(0, at) + part + line.slice(at + part.length);
      });
      // An HTML block's text already covers any HTML inside it.
    } else if (token.children) {
      restoreHtml(token.children, lines);
    }
  }
}

/**
 * Whether `part` could be what markdownlint blanked at `line[at…]`.
 *
 * @param {string} line
 * @param {number} at
 * @param {string} part
 * @returns {boolean}
 */
function fitsBlanked(line, at, part) {
  if (at < 0 || at + part.length > line.length) {
    return false;
  }
  for (let j = 0; j < part.length; j++) {
    const c = line[at + j];
    if (c !== part[j] && c !== ".") {
      return false;
    }
  }
  return true;
}

/**
 * The whole document as claimlint should see it: front matter, then the
 * content with its HTML restored, joined with `\n` so that claimlint's
 * line numbers are markdownlint's (which also splits on a lone `\r`).
 * markdownlint has already dropped a byte-order mark; claimlint's columns
 * ignore one too.
 *
 * @param {any} params markdownlint rule params
 * @returns {{ lines: string[], frontMatterLines: number }}
 */
function documentLines(params) {
  const content = params.lines.slice();
  const micromark = params.parsers && params.parsers.micromark;
  if (micromark && micromark.tokens) {
    restoreHtml(micromark.tokens, content);
  }
  const frontMatter = params.frontMatterLines || [];
  return {
    lines: frontMatter.concat(content),
    frontMatterLines: frontMatter.length,
  };
}

/**
 * claimlint's standard error as one line: its `error:` and `warning:`
 * messages, each with the place it points at, without the source excerpt
 * (markdownlint prints a detail on one line).
 *
 * @param {string} stderr
 * @returns {string}
 */
function summarize(stderr) {
  /** @type {string[]} */
  const messages = [];
  for (const raw of stderr.split(newLineRe)) {
    const line = raw.trim();
    const at = /^┌─\s*(.+)$/.exec(line);
    if (/^(error|warning)(\[[^\]]*\])?:/.test(line)) {
      messages.push(line);
    } else if (at && messages.length > 0) {
      messages[messages.length - 1] += ` (at ${at[1]})`;
    } else if (/^= help:/.test(line) && messages.length > 0) {
      messages[messages.length - 1] += `; ${line.slice(2)}`;
    }
  }
  return messages.length > 0 ? messages.join("; ") : stderr.replace(/\s+/g, " ");
}

/**
 * Checks the document with claimlint. Never throws: whatever goes wrong
 * becomes `error`, reported once by `claimlint/cannot-run`.
 *
 * @param {any} params markdownlint rule params
 * @param {Settings} s
 * @returns {Outcome}
 */
function runClaimlint(params, s) {
  const name = String(params.name);
  const { lines, frontMatterLines } = documentLines(params);
  /** @type {Outcome} */
  const outcome = { diagnostics: [], error: null, lines, frontMatterLines };
  if (s.problem) {
    outcome.error = s.problem;
    return outcome;
  }
  const answer = connection(s).ask({ path: name, text: lines.join("\n") });
  if (answer.error !== null) {
    outcome.error = answer.error;
    return outcome;
  }
  const report = answer.report;
  if (report.error) {
    // Status 2: an invalid claimlint.toml, a file too large, …
    outcome.error = `claimlint could not check this file: ${summarize(String(report.error))}`;
    return outcome;
  }
  const floor = s.all ? 0 : RANK[report.fail_on] ?? Infinity;
  // Only findings about this document, at the severity asked for.
  outcome.diagnostics = (Array.isArray(report.diagnostics) ? report.diagnostics : []).filter(
    (/** @type {any} */ d) => d.path === name && (RANK[d.severity] ?? 0) >= floor
  );
  return outcome;
}

/** @type {Record<string, number>} claimlint's severities, weakest first. */
const RANK = { info: 1, warning: 2, error: 3 };

/**
 * The worker thread that owns one `claimlint check --stream` process: it
 * starts it, checks its greeting, passes each request line on and posts
 * back each answer (or why there is none), then wakes the waiting rule.
 */
const WORKER = `
const { workerData } = require("node:worker_threads");
const { spawn } = require("node:child_process");
const { command, args, port, flag, install } = workerData;
const signal = new Int32Array(flag);
let greeted = false, failed = null, waiting = 0, stderr = "", buffered = "";
function post(message) {
  port.postMessage(message);
  Atomics.store(signal, 0, 1);
  Atomics.notify(signal, 0);
}
function fail(why) {
  if (failed === null) failed = why;
  for (; waiting > 0; waiting--) post({ error: failed });
}
function said() {
  const text = stderr.split(/\\r?\\n/).map((l) => l.trim()).filter((l) => l !== "").join(" / ");
  return text ? "; it said: " + text.slice(0, 300) : "";
}
function notClaimlint(what) {
  return "\`" + command + "\` is not the claimlint this plugin needs (the claims linter from " +
    "https://github.com/claimlint/claimlint, version 0.1 or later): " + what + said() +
    " (the PyPI package named claimlint is a different tool). " + install[0].toUpperCase() + install.slice(1);
}
let child;
try {
  child = spawn(command, ["check", ...args, "--stream"], { stdio: ["pipe", "pipe", "pipe"], windowsHide: true, shell: false });
} catch (e) {
  fail("cannot run claimlint (\`" + command + "\`): " + e.message);
}
if (child) {
  child.on("error", (e) => {
    fail(e.code === "ENOENT"
      ? "claimlint binary \`" + command + "\` not found; " + install
      : "cannot run claimlint (\`" + command + "\`): " + e.message);
  });
  child.stdin.on("error", () => {});
  child.stderr.setEncoding("utf8");
  child.stderr.on("data", (d) => { if (stderr.length < 65536) stderr += d; });
  child.stdout.setEncoding("utf8");
  child.stdout.on("data", (d) => {
    buffered += d;
    let nl;
    while ((nl = buffered.indexOf("\\n")) >= 0) {
      const line = buffered.slice(0, nl);
      buffered = buffered.slice(nl + 1);
      let value = null;
      try { value = JSON.parse(line); } catch { value = null; }
      if (!greeted) {
        if (value && value.protocol === 1 && typeof value.claimlint === "string") {
          greeted = true;
        } else {
          fail(notClaimlint("it answered " + JSON.stringify(line.slice(0, 120))));
          child.kill();
        }
      } else if (waiting > 0 && failed === null) {
        waiting--;
        post(value && typeof value === "object"
          ? { report: value }
          : { error: "claimlint answered with something that is not JSON: " + line.slice(0, 120) });
      }
    }
  });
  child.on("close", (code, sig) => {
    if (!greeted) {
      // An invalid --config or flag in \`args\` is claimlint's own refusal.
      fail(/^error/m.test(stderr) && !/unexpected argument '--stream'/.test(stderr)
        ? "claimlint could not start: " + stderr.trim()
        : notClaimlint("\`" + command + " check --stream\` exited with " + (code ?? sig) + " before greeting"));
    } else {
      fail("claimlint (\`" + command + "\`) exited with " + (code ?? sig) + said());
    }
  });
}
port.on("message", (line) => {
  if (failed !== null) return post({ error: failed });
  waiting++;
  child.stdin.write(line + "\\n");
});
`;

/**
 * A `claimlint check --stream` process, started on first use.
 *
 * @typedef {object} Connection
 * @property {(request: { path: string, text: string }) => { report: any, error: string | null }} ask
 */

/** @type {Map<string, Connection>} */
const connections = new Map();

/**
 * The connection for a binary and its arguments, shared by every document
 * of the run.
 *
 * @param {Settings} s
 * @returns {Connection}
 */
function connection(s) {
  const key = JSON.stringify([s.command, s.args]);
  let conn = connections.get(key);
  if (!conn) {
    conn = connect(s);
    connections.set(key, conn);
  }
  return conn;
}

/**
 * Starts the worker that owns the process; `ask` blocks until it answers.
 *
 * @param {Settings} s
 * @returns {Connection}
 */
function connect(s) {
  const flag = new SharedArrayBuffer(4);
  const signal = new Int32Array(flag);
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(WORKER, {
    eval: true,
    workerData: { command: s.command, args: s.args, port: port2, flag, install: INSTALL },
    transferList: [port2],
  });
  worker.unref();
  /** @type {string | null} */
  let broken = null;
  return {
    ask(request) {
      if (broken !== null) {
        return { report: null, error: broken };
      }
      Atomics.store(signal, 0, 0);
      port1.postMessage(JSON.stringify(request));
      if (Atomics.wait(signal, 0, 0, TIMEOUT_MS) === "timed-out") {
        broken = `claimlint (\`${s.command}\`) did not answer within ${TIMEOUT_MS / 1000} s`;
        void worker.terminate();
        return { report: null, error: broken };
      }
      const got = receiveMessageOnPort(port1);
      const message = got ? got.message : { error: "claimlint's answer was lost" };
      if (message.error) {
        return { report: null, error: message.error };
      }
      return { report: message.report, error: null };
    },
  };
}

// One run per document and configuration, shared by every rule object.
// markdownlint hands all rules the same frozen `lines` array for a
// document, so it identifies the document exactly, and the WeakMap lets
// the result go with it.
/** @type {WeakMap<object, Map<string, Outcome>>} */
const runs = new WeakMap();

/**
 * @param {any} params markdownlint rule params
 * @returns {Outcome}
 */
function outcomeFor(params) {
  const s = settings(params.config);
  const key = JSON.stringify([s.command, s.args, s.all, s.problem]);
  let byKey = runs.get(params.lines);
  if (!byKey) {
    byKey = new Map();
    runs.set(params.lines, byKey);
  }
  let outcome = byKey.get(key);
  if (!outcome) {
    outcome = runClaimlint(params, s);
    byKey.set(key, outcome);
  }
  return outcome;
}

/**
 * 1-based UTF-16 column of a 1-based code-point column on `line`.
 *
 * @param {string} line
 * @param {number} column
 * @returns {number}
 */
function utf16Column(line, column) {
  let i = 0;
  for (let n = 1; n < column && i < line.length; n++) {
    i += /** @type {number} */ (line.codePointAt(i)) > 0xffff ? 2 : 1;
  }
  return i + 1;
}

/**
 * Reports one finding. claimlint's lines count from the top of the file;
 * markdownlint's `lineNumber` counts from the end of the front matter.
 *
 * @param {Diagnostic} d
 * @param {Outcome} outcome
 * @param {(info: any) => void} onError
 * @param {string} prefix put before the detail
 */
function reportDiagnostic(d, outcome, onError, prefix) {
  const line = outcome.lines[d.line - 1] ?? "";
  const start = utf16Column(line, d.column);
  const end = d.end_line === d.line ? utf16Column(line, d.end_column) : line.length + 1;
  const detail = `${prefix}${d.severity}: ${d.message}; help: ${d.help}`;
  let context = line.slice(start - 1, Math.max(start, end) - 1);
  if (context.length > MAX_CONTEXT) {
    context = `${context.slice(0, MAX_CONTEXT - 1)}…`;
  }
  if (d.line <= outcome.frontMatterLines) {
    // markdownlint cannot point into front matter: report on the first line
    // after it, and say where the finding really is.
    onError({
      lineNumber: 1,
      detail: `in front matter, line ${d.line}, column ${d.column}: ${detail}`,
      context: context || undefined,
    });
    return;
  }
  /** @type {[number, number] | undefined} */
  let range;
  if (line.length > 0) {
    // At least one unit long and inside the line, as markdownlint requires.
    const at = Math.min(start, line.length);
    range = [at, Math.max(1, end - at)];
  }
  onError({
    lineNumber: d.line - outcome.frontMatterLines,
    detail,
    context: context || undefined,
    range,
  });
}

/**
 * @param {string} name
 * @param {string[]} aliases
 * @param {string} description
 * @param {(params: any, onError: (info: any) => void) => void} fn
 */
function rule(name, aliases, description, fn) {
  return {
    names: [name, ...aliases],
    description,
    information: INFORMATION,
    tags: [TAG],
    // micromark's tokens keep the raw HTML that `params.lines` blanks out.
    parser: /** @type {"micromark"} */ ("micromark"),
    function: fn,
  };
}

const known = new Set(RULES.map((r) => r.name));

const cannotRun = rule(
  "claimlint/cannot-run",
  [],
  "claimlint could not check this file",
  (params, onError) => {
    const outcome = outcomeFor(params);
    if (outcome.error) {
      onError({ lineNumber: 1, detail: outcome.error });
    }
  }
);

const unknownRule = rule(
  "claimlint/unknown-rule",
  [],
  "a finding from a claimlint rule this version of markdownlint-rule-claimlint does not know",
  (params, onError) => {
    const outcome = outcomeFor(params);
    for (const d of outcome.diagnostics) {
      if (!known.has(d.rule)) {
        reportDiagnostic(d, outcome, onError, `${d.code}/${d.rule} `);
      }
    }
  }
);

const claimlintRules = RULES.map((r) =>
  rule(`claimlint/${r.name}`, [r.code], r.summary, (params, onError) => {
    const outcome = outcomeFor(params);
    for (const d of outcome.diagnostics) {
      if (d.rule === r.name) {
        reportDiagnostic(d, outcome, onError, "");
      }
    }
  })
);

module.exports = [cannotRun, unknownRule, ...claimlintRules];
