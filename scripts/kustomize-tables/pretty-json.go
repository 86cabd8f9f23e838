package main

// prettyJSON prints a decoded JSON value the way Prettier (printWidth 100) formats JSON,
// so generated tables pass the repository's format check unchanged: a mapping or list
// stays on one line when that line fits, and is otherwise broken one entry per line.

import (
	"encoding/json"
	"sort"
	"strings"
)

const printWidth = 100

func prettyJSON(v interface{}) (string, error) {
	var b strings.Builder
	if err := writePretty(&b, v, 0, 0); err != nil {
		return "", err
	}
	b.WriteString("\n")
	return b.String(), nil
}

// writePretty writes v at the given indent; used is how much of the current line the
// key (and anything before v) already takes, tail what follows v on the line (a comma).
func writePretty(b *strings.Builder, v interface{}, indent, used int) error {
	return writePrettyTail(b, v, indent, used, 0)
}

func writePrettyTail(b *strings.Builder, v interface{}, indent, used, tail int) error {
	flat, err := inlineJSON(v)
	if err != nil {
		return err
	}
	switch t := v.(type) {
	case map[string]interface{}:
		if len(t) == 0 || used+len(flat)+tail <= printWidth {
			b.WriteString(flat)
			return nil
		}
		keys := sortedKeys(t)
		b.WriteString("{\n")
		for i, k := range keys {
			key, _ := json.Marshal(k)
			prefix := strings.Repeat(" ", indent+2) + string(key) + ": "
			b.WriteString(prefix)
			comma := 0
			if i < len(keys)-1 {
				comma = 1
			}
			if err := writePrettyTail(b, t[k], indent+2, len(prefix), comma); err != nil {
				return err
			}
			if comma == 1 {
				b.WriteString(",")
			}
			b.WriteString("\n")
		}
		b.WriteString(strings.Repeat(" ", indent) + "}")
	case []interface{}:
		if len(t) == 0 || used+len(flat)+tail <= printWidth {
			b.WriteString(flat)
			return nil
		}
		b.WriteString("[\n")
		for i, item := range t {
			prefix := strings.Repeat(" ", indent+2)
			b.WriteString(prefix)
			comma := 0
			if i < len(t)-1 {
				comma = 1
			}
			if err := writePrettyTail(b, item, indent+2, len(prefix), comma); err != nil {
				return err
			}
			if comma == 1 {
				b.WriteString(",")
			}
			b.WriteString("\n")
		}
		b.WriteString(strings.Repeat(" ", indent) + "]")
	default:
		b.WriteString(flat)
	}
	return nil
}

// inlineJSON is the one-line form: `{ "a": 1, "b": [1, 2] }`.
func inlineJSON(v interface{}) (string, error) {
	switch t := v.(type) {
	case map[string]interface{}:
		if len(t) == 0 {
			return "{}", nil
		}
		parts := make([]string, 0, len(t))
		for _, k := range sortedKeys(t) {
			key, _ := json.Marshal(k)
			value, err := inlineJSON(t[k])
			if err != nil {
				return "", err
			}
			parts = append(parts, string(key)+": "+value)
		}
		return "{ " + strings.Join(parts, ", ") + " }", nil
	case []interface{}:
		parts := make([]string, 0, len(t))
		for _, item := range t {
			value, err := inlineJSON(item)
			if err != nil {
				return "", err
			}
			parts = append(parts, value)
		}
		return "[" + strings.Join(parts, ", ") + "]", nil
	default:
		out, err := json.Marshal(t)
		return string(out), err
	}
}

func sortedKeys(m map[string]interface{}) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
