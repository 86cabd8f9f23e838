package main

// The merge-schema table: what Kustomize's strategic merge (kyaml merge2 walking the
// OpenAPI data kyaml embeds) needs to know about every built-in kind. kyaml resolves a
// field's schema through $ref, properties and additionalProperties, and an array's
// element schema through items (only when the type is exactly "array"); a list merges by
// key only when its x-kubernetes-patch-strategy holds "merge". Everything else in the
// OpenAPI document (descriptions, formats, validation) is dropped.
//
// Output: {"version": V, "kubernetes": DEFS, "kustomize": DEFS} where DEFS maps a
// definition name to a compact node:
//
//	0                      a schema with nothing the merge walker looks at (a leaf)
//	{"r": "name"}          a $ref to another definition
//	{"p": {field: node}}   properties
//	{"a": node}            additionalProperties (map values)
//	{"i": node}            array items (only for type "array")
//	{"s": "merge,retainKeys", "k": ["name"]}   patch strategy and merge keys
//	{"g": ["apps/v1|Deployment"]}              x-kubernetes-group-version-kind
//
// "kustomize" holds the definitions kyaml always adds (its kustomizationapi asset), kept
// apart because a custom `openapi: {path: ...}` schema replaces only the Kubernetes ones.
// "precomputedScope" lists the "apiVersion|kind" types whose scope kyaml answers from a
// built-in table without loading its schema; asking about any other type before a custom
// schema is set makes kyaml load the Kubernetes schema alongside it.

import (
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"k8s.io/kube-openapi/pkg/validation/spec"
	"sigs.k8s.io/kustomize/kyaml/openapi"
	"sigs.k8s.io/kustomize/kyaml/openapi/kubernetesapi"
)

func printMergeSchema() error {
	openapi.ResetOpenAPI()
	openapi.SuppressBuiltInSchemaUse()
	kustomizeDefs := openapi.Schema().Definitions
	kustomizeNames := map[string]bool{}
	for name := range kustomizeDefs {
		kustomizeNames[name] = true
	}
	openapi.ResetOpenAPI()
	all := openapi.Schema().Definitions

	kubernetes := map[string]interface{}{}
	kustomize := map[string]interface{}{}
	for name, def := range all {
		def := def
		node, err := compactSchema(&def, true)
		if err != nil {
			return fmt.Errorf("definition %s: %w", name, err)
		}
		if kustomizeNames[name] {
			kustomize[name] = node
		} else {
			kubernetes[name] = node
		}
	}
	precomputed, err := precomputedScopeTypes()
	if err != nil {
		return err
	}
	// a round trip through JSON gives the printer plain maps, lists and strings
	raw, err := json.Marshal(map[string]interface{}{
		"version":          kubernetesapi.DefaultOpenAPI,
		"kubernetes":       kubernetes,
		"kustomize":        kustomize,
		"precomputedScope": precomputed,
	})
	if err != nil {
		return err
	}
	var plain interface{}
	if err := json.Unmarshal(raw, &plain); err != nil {
		return err
	}
	out, err := prettyJSON(plain)
	if err != nil {
		return err
	}
	_, err = fmt.Print(out)
	return err
}

// compactSchema keeps what kyaml's ResourceSchema.Field, Elements and
// PatchStrategyAndKeyList read; a schema with none of it becomes 0.
func compactSchema(s *spec.Schema, top bool) (interface{}, error) {
	node := map[string]interface{}{}
	if ref := s.Ref.String(); ref != "" {
		const prefix = "#/definitions/"
		if !strings.HasPrefix(ref, prefix) {
			return nil, fmt.Errorf("unsupported $ref %q", ref)
		}
		// kyaml replaces a schema that has a $ref by the referenced one: nothing else counts
		return map[string]interface{}{"r": strings.TrimPrefix(ref, prefix)}, nil
	}
	if len(s.Properties) > 0 {
		props := map[string]interface{}{}
		names := make([]string, 0, len(s.Properties))
		for name := range s.Properties {
			names = append(names, name)
		}
		sort.Strings(names)
		for _, name := range names {
			prop := s.Properties[name]
			c, err := compactSchema(&prop, false)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", name, err)
			}
			props[name] = c
		}
		node["p"] = props
	}
	if s.AdditionalProperties != nil && s.AdditionalProperties.Schema != nil {
		c, err := compactSchema(s.AdditionalProperties.Schema, false)
		if err != nil {
			return nil, err
		}
		node["a"] = c
	}
	if len(s.Type) == 1 && s.Type[0] == "array" && s.Items != nil && s.Items.Schema != nil {
		c, err := compactSchema(s.Items.Schema, false)
		if err != nil {
			return nil, err
		}
		node["i"] = c
	}
	if strategy, ok := s.Extensions["x-kubernetes-patch-strategy"].(string); ok {
		node["s"] = strategy
		node["k"] = mergeKeysOf(s)
	}
	if top {
		if gvks := gvksOf(s); len(gvks) > 0 {
			node["g"] = gvks
		}
	}
	if len(node) == 0 {
		return 0, nil
	}
	return node, nil
}

// mergeKeysOf follows PatchStrategyAndKeyList: x-kubernetes-list-map-keys when present,
// else the single x-kubernetes-patch-merge-key, else none (a primitive list).
func mergeKeysOf(s *spec.Schema) []string {
	if list, ok := s.Extensions["x-kubernetes-list-map-keys"].([]interface{}); ok {
		keys := make([]string, 0, len(list))
		for _, k := range list {
			keys = append(keys, k.(string))
		}
		return keys
	}
	if key, ok := s.Extensions["x-kubernetes-patch-merge-key"].(string); ok {
		return []string{key}
	}
	return []string{}
}

// gvksOf lists the "apiVersion|kind" types a definition is indexed under.
func gvksOf(s *spec.Schema) []string {
	list, ok := s.Extensions["x-kubernetes-group-version-kind"].([]interface{})
	if !ok {
		return nil
	}
	var out []string
	for _, item := range list {
		m, ok := item.(map[string]interface{})
		if !ok {
			continue
		}
		version, _ := m["version"].(string)
		kind, _ := m["kind"].(string)
		apiVersion := version
		if group, _ := m["group"].(string); group != "" {
			apiVersion = group + "/" + version
		}
		out = append(out, apiVersion+"|"+kind)
	}
	return out
}

// precomputedScopeTypes reads the keys of kyaml's precomputedIsNamespaceScoped table
// from its source (the variable is not exported).
func precomputedScopeTypes() ([]string, error) {
	dir, err := moduleDir(kyamlModule)
	if err != nil {
		return nil, err
	}
	file, err := parser.ParseFile(token.NewFileSet(), filepath.Join(dir, "openapi", "openapi.go"), nil, 0)
	if err != nil {
		return nil, err
	}
	var out []string
	ast.Inspect(file, func(n ast.Node) bool {
		spec, ok := n.(*ast.ValueSpec)
		if !ok || len(spec.Names) != 1 || spec.Names[0].Name != "precomputedIsNamespaceScoped" {
			return true
		}
		table := spec.Values[0].(*ast.CompositeLit)
		for _, elt := range table.Elts {
			key := elt.(*ast.KeyValueExpr).Key.(*ast.CompositeLit)
			fields := map[string]string{}
			for _, f := range key.Elts {
				kv := f.(*ast.KeyValueExpr)
				value, _ := strconv.Unquote(kv.Value.(*ast.BasicLit).Value)
				fields[kv.Key.(*ast.Ident).Name] = value
			}
			out = append(out, fields["APIVersion"]+"|"+fields["Kind"])
		}
		return false
	})
	if len(out) == 0 {
		return nil, fmt.Errorf("precomputedIsNamespaceScoped not found in kyaml's openapi.go")
	}
	sort.Strings(out)
	return out, nil
}
