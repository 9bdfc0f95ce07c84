import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createElement, type ComponentType } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { twMerge } from 'tailwind-merge';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { UserAvatar, type UserAvatarTone } from '@/components/auth/user-avatar';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { buttonClasses, type ButtonSize, type ButtonVariant } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { FieldError, FieldHint } from '@/components/ui/field';
import { Input, Select, Textarea } from '@/components/ui/input';
import { Label } from '@/components/ui/label';

/**
 * `cn` (src/lib/cn.ts) joins class names without tailwind-merge, so the browser does not download it: two
 * utilities for one property would both apply and the stylesheet's order would pick one. This test reads every
 * source file and checks, with tailwind-merge, that no `cn(…)` call combines conflicting utilities from different
 * arguments (each branch of a condition on its own) and that no `className` given to a ui component contradicts the
 * component's own classes. Strings are followed through same-file constants and lookup objects; anything else
 * (props, computed strings) is not seen, so components keep taking variants rather than arbitrary overrides.
 */

const ROOT = path.resolve(import.meta.dirname, '../..');
const SRC = path.join(ROOT, 'src');

function sourceFiles(): string[] {
  return readdirSync(SRC, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.test.ts'))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

/** The classes twMerge would drop from `classes` (a conflict a plain join leaves to the stylesheet). */
function dropped(classes: string): string[] {
  const list = classes.split(/\s+/).filter(Boolean);
  const key = list.join(' ');
  let result = droppedCache.get(key);
  if (!result) {
    const kept = new Set(twMerge(key).split(' '));
    result = [...new Set(list)].filter((c) => !kept.has(c));
    droppedCache.set(key, result);
  }
  return result;
}
const droppedCache = new Map<string, string[]>();

const classOf = (element: Parameters<typeof renderToStaticMarkup>[0]) => {
  const match = /class="([^"]*)"/.exec(renderToStaticMarkup(element));
  return match?.[1] ?? '';
};
function rendered<P extends object>(component: ComponentType<P>, variants: P[]): string[] {
  return variants.map((props) => classOf(createElement(component, props)));
}

const VARIANTS: ButtonVariant[] = ['primary', 'secondary', 'ghost', 'ghostBrand', 'danger', 'destructive', 'custom'];
const SIZES: ButtonSize[] = ['md', 'lg', 'icon', 'compact', 'sm', 'xs', 'custom'];
const BUTTONS = new Set(['Button', 'SubmitButton', 'buttonClasses']);

/**
 * Each ui component's own classes, which a caller's className must not contradict: per value of its variant prop
 * (`prop`; the first value is the default), or every rendering when the prop is not a literal.
 */
const COMPONENTS: Record<string, { prop?: string; classes: Record<string, string> }> = {
  Input: { prop: 'inputSize', classes: variantsOf(Input, 'inputSize', ['md', 'sm', 'xs']) },
  Textarea: { prop: 'look', classes: variantsOf(Textarea, 'look', ['md', 'compact', 'custom']) },
  Alert: { prop: 'tone', classes: variantsOf(Alert, 'tone', ['info', 'error', 'success']) },
  Badge: { prop: 'tone', classes: variantsOf(Badge, 'tone', ['neutral', 'brand', 'success', 'warning']) },
  Select: { classes: { '': rendered(Select, [{}])[0] ?? '' } },
  Card: { prop: 'muted', classes: { plain: rendered(Card, [{}])[0] ?? '', muted: rendered(Card, [{ muted: true }])[0] ?? '' } },
  Label: { classes: { '': rendered(Label, [{}])[0] ?? '' } },
  FieldError: { classes: { '': rendered(FieldError, [{ id: 'x', messages: ['x'], tight: true }])[0] ?? '' } },
  FieldHint: { classes: { '': rendered(FieldHint, [{ id: 'x', children: 'x', tight: true }])[0] ?? '' } },
  // Not a ui component, but it takes a className the same way (the avatar's colours once came as overrides).
  UserAvatar: {
    prop: 'tone',
    classes: Object.fromEntries(
      (['brand', 'dark', 'agent', 'note', 'customer', 'inactive'] satisfies UserAvatarTone[]).map((tone) => [
        tone,
        classOf(createElement(UserAvatar, { name: 'Ala Nowak', tone })),
      ]),
    ),
  },
};
function variantsOf<P extends object>(component: ComponentType<P>, prop: string, values: string[]): Record<string, string> {
  return Object.fromEntries(values.map((value) => [value, classOf(createElement(component, { [prop]: value } as P))]));
}

interface Finding {
  where: string;
  dropped: string[];
  classes: string;
}

function scan(file: string): Finding[] {
  const text = readFileSync(file, 'utf8');
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const constants = new Map<string, ts.Expression>();
  sf.forEachChild(function collect(node) {
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer) constants.set(node.name.text, node.initializer);
    node.forEachChild(collect);
  });

  /** The class strings an expression may produce, one per alternative (a condition's branches apart). */
  function alternatives(node: ts.Expression | undefined, depth = 0): string[] {
    if (!node || depth > 8) return [];
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text.trim() ? [node.text] : [];
    if (ts.isParenthesizedExpression(node) || ts.isAsExpression(node) || ts.isSatisfiesExpression(node))
      return alternatives(node.expression, depth + 1);
    if (ts.isConditionalExpression(node)) return [...alternatives(node.whenTrue, depth + 1), ...alternatives(node.whenFalse, depth + 1)];
    if (ts.isBinaryExpression(node)) {
      if (node.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken) return alternatives(node.right, depth + 1);
      if (node.operatorToken.kind === ts.SyntaxKind.BarBarToken || node.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken)
        return [...alternatives(node.left, depth + 1), ...alternatives(node.right, depth + 1)];
      if (node.operatorToken.kind === ts.SyntaxKind.PlusToken) {
        const left = alternatives(node.left, depth + 1);
        const right = alternatives(node.right, depth + 1);
        return left.flatMap((l) => right.map((r) => `${l} ${r}`));
      }
    }
    if (ts.isTemplateExpression(node)) {
      let results = [node.head.text];
      for (const span of node.templateSpans) {
        const inner = alternatives(span.expression, depth + 1);
        results = results.flatMap((r) => (inner.length ? inner : ['']).map((i) => `${r} ${i} ${span.literal.text}`));
      }
      return results;
    }
    if (ts.isArrayLiteralExpression(node)) {
      // clsx joins an array's items: every combination of their alternatives.
      return node.elements.reduce<string[]>(
        (acc, element) => {
          const inner = alternatives(element as ts.Expression, depth + 1);
          return inner.length ? acc.flatMap((a) => inner.map((i) => `${a} ${i}`)) : acc;
        },
        [''],
      );
    }
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'cn') {
      // A className built with cn(…): every combination of its arguments' alternatives, as for an array.
      return node.arguments.reduce<string[]>(
        (acc, arg) => {
          const inner = alternatives(arg, depth + 1);
          return inner.length ? acc.flatMap((a) => inner.map((i) => `${a} ${i}`)) : acc;
        },
        [''],
      );
    }
    if (ts.isIdentifier(node)) return alternatives(constants.get(node.text), depth + 1);
    // LOOKUP[key] and LOOKUP[key].part: every value of the lookup object.
    const lookup = (expression: ts.Expression, part?: string): string[] => {
      if (!ts.isElementAccessExpression(expression) || !ts.isIdentifier(expression.expression)) return [];
      let object = constants.get(expression.expression.text);
      while (object && (ts.isAsExpression(object) || ts.isSatisfiesExpression(object))) object = object.expression;
      if (!object || !ts.isObjectLiteralExpression(object)) return [];
      return object.properties.flatMap((property) => {
        if (!ts.isPropertyAssignment(property)) return [];
        let value = property.initializer;
        if (part) {
          if (!ts.isObjectLiteralExpression(value)) return [];
          const inner = value.properties.find((p) => ts.isPropertyAssignment(p) && p.name.getText(sf) === part);
          if (!inner || !ts.isPropertyAssignment(inner)) return [];
          value = inner.initializer;
        }
        return alternatives(value, depth + 1);
      });
    };
    if (ts.isElementAccessExpression(node)) return lookup(node);
    if (ts.isPropertyAccessExpression(node)) return lookup(node.expression, node.name.text);
    return [];
  }

  const findings: Finding[] = [];
  const report = (node: ts.Node, classes: string) => {
    const drop = dropped(classes);
    if (!drop.length) return;
    const { line } = sf.getLineAndCharacterOfPosition(node.getStart(sf));
    findings.push({ where: `${path.relative(ROOT, file)}:${line + 1}`, dropped: drop, classes });
  };

  const checkComponent = (name: string, props: Map<string, ts.Expression | undefined>, at: ts.Node) => {
    const overrides = alternatives(props.get('className'));
    if (!overrides.length) return;
    let own: string[];
    if (BUTTONS.has(name)) {
      const literal = <T extends string>(key: string, all: T[], fallback: T): T[] => {
        const value = props.get(key);
        if (!props.has(key)) return [fallback];
        const options = alternatives(value) as T[];
        return options.length ? options : all;
      };
      own = literal('variant', VARIANTS, 'primary').flatMap((variant) =>
        literal('size', SIZES, 'md').map((size) => buttonClasses({ variant, size })),
      );
    } else {
      const component = COMPONENTS[name];
      if (!component) return;
      const values = Object.keys(component.classes);
      const chosen = component.prop && props.has(component.prop) ? alternatives(props.get(component.prop)) : [];
      const keys = !component.prop ? values : props.has(component.prop) ? (chosen.length ? chosen : values) : values.slice(0, 1);
      own = keys.map((key) => component.classes[key] ?? '');
    }
    for (const base of own) for (const override of overrides) report(at, `${base} ${override}`);
  };

  sf.forEachChild(function visit(node) {
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression)) {
      if (node.expression.text === 'cn') {
        const args = node.arguments.map((arg) => alternatives(arg));
        for (const options of args) for (const option of options) report(node, option);
        for (let i = 0; i < args.length; i++)
          for (let j = i + 1; j < args.length; j++) for (const a of args[i] ?? []) for (const b of args[j] ?? []) report(node, `${a} ${b}`);
      }
      const [options] = node.arguments;
      if (node.expression.text === 'buttonClasses' && options && ts.isObjectLiteralExpression(options)) {
        const props = new Map<string, ts.Expression | undefined>();
        for (const p of options.properties) {
          if (ts.isPropertyAssignment(p)) props.set(p.name.getText(sf), p.initializer);
          else if (ts.isShorthandPropertyAssignment(p)) props.set(p.name.text, p.name);
        }
        checkComponent('buttonClasses', props, node);
      }
    }
    if (ts.isJsxSelfClosingElement(node) || ts.isJsxOpeningElement(node)) {
      const name = node.tagName.getText(sf);
      if (BUTTONS.has(name) || name in COMPONENTS) {
        const props = new Map<string, ts.Expression | undefined>();
        for (const attribute of node.attributes.properties) {
          if (!ts.isJsxAttribute(attribute)) continue;
          const init = attribute.initializer;
          props.set(
            attribute.name.getText(sf),
            !init ? undefined : ts.isStringLiteral(init) ? init : ts.isJsxExpression(init) ? init.expression : undefined,
          );
        }
        checkComponent(name, props, node);
      }
    }
    node.forEachChild(visit);
  });
  return findings;
}

describe('class names without tailwind-merge', () => {
  it('sees the ui components it checks', () => {
    for (const [name, { classes }] of Object.entries(COMPONENTS)) expect(Object.values(classes).join(''), name).not.toBe('');
  });

  it('finds no conflicting utilities in cn() calls or in className overrides', { timeout: 60_000 }, () => {
    const findings = sourceFiles().flatMap(scan);
    expect(findings.map((f) => `${f.where}: ${f.dropped.join(' ')} would lose to [${f.classes}]`)).toEqual([]);
  });

  it('reports a conflict it is shown, and none for a size of its own', () => {
    expect(dropped('px-4 px-3')).toEqual(['px-4']);
    expect(dropped('h-11 px-4 text-sm max-sm:hidden')).toEqual([]);
  });
});
