// Command kustomize-tables regenerates the data tables Capstan's Kustomize engine needs
// from the sources of Kustomize v5.5.0 itself (sigs.k8s.io/kustomize/api v0.18.0, fetched
// through the Go module proxy), so that the engine knows exactly what Kustomize knows
// instead of a hand-copied approximation. The field-spec tables live in an internal
// package there, so they are read by parsing its Go constants rather than importing it.
//
//	cd scripts/kustomize-tables && go run . field-specs > ../../src/render/kustomize/generated/default-field-specs.json
//	cd scripts/kustomize-tables && go run . merge-schema > ../../src/render/kustomize/generated/merge-schema.json
package main

import (
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"sigs.k8s.io/yaml"
)

const kustomizeAPI = "sigs.k8s.io/kustomize/api@v0.18.0"

// kyamlModule is the kyaml release Kustomize v5.5.0 builds with (its schemas and tables).
const kyamlModule = "sigs.k8s.io/kustomize/kyaml@v0.18.1"

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: kustomize-tables field-specs|merge-schema")
		os.Exit(2)
	}
	var err error
	switch os.Args[1] {
	case "field-specs":
		err = printFieldSpecs()
	case "merge-schema":
		err = printMergeSchema()
	default:
		err = fmt.Errorf("unknown table %q", os.Args[1])
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

// moduleDir downloads (if needed) and locates a module in the module cache.
func moduleDir(module string) (string, error) {
	out, err := exec.Command("go", "mod", "download", "-json", module).Output()
	if err != nil {
		return "", fmt.Errorf("go mod download %s: %w", module, err)
	}
	var info struct{ Dir string }
	if err := json.Unmarshal(out, &info); err != nil {
		return "", err
	}
	return info.Dir, nil
}

// stringConstants evaluates every string constant of a Go package directory; constants
// may concatenate literals and other constants of the package.
func stringConstants(dir string) (map[string]string, error) {
	fset := token.NewFileSet()
	exprs := map[string]ast.Expr{}
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		return nil, err
	}
	for _, file := range files {
		if strings.HasSuffix(file, "_test.go") {
			continue
		}
		parsed, err := parser.ParseFile(fset, file, nil, 0)
		if err != nil {
			return nil, err
		}
		for _, decl := range parsed.Decls {
			gen, ok := decl.(*ast.GenDecl)
			if !ok || gen.Tok != token.CONST {
				continue
			}
			for _, spec := range gen.Specs {
				vs := spec.(*ast.ValueSpec)
				for i, name := range vs.Names {
					exprs[name.Name] = vs.Values[i]
				}
			}
		}
	}
	values := map[string]string{}
	var eval func(ast.Expr) (string, error)
	eval = func(e ast.Expr) (string, error) {
		switch v := e.(type) {
		case *ast.BasicLit:
			return strconv.Unquote(v.Value)
		case *ast.Ident:
			if known, ok := values[v.Name]; ok {
				return known, nil
			}
			inner, ok := exprs[v.Name]
			if !ok {
				return "", fmt.Errorf("unknown constant %s", v.Name)
			}
			s, err := eval(inner)
			values[v.Name] = s
			return s, err
		case *ast.BinaryExpr:
			left, err := eval(v.X)
			if err != nil {
				return "", err
			}
			right, err := eval(v.Y)
			return left + right, err
		case *ast.ParenExpr:
			return eval(v.X)
		}
		return "", fmt.Errorf("unsupported constant expression %T", e)
	}
	for name, e := range exprs {
		s, err := eval(e)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		values[name] = s
	}
	return values, nil
}

// printFieldSpecs prints every default field-spec section (namePrefix, commonLabels,
// templateLabels, namespace, nameReference, varReference, images, replicas, …) as JSON.
func printFieldSpecs() error {
	dir, err := moduleDir(kustomizeAPI)
	if err != nil {
		return err
	}
	consts, err := stringConstants(filepath.Join(dir, "internal", "konfig", "builtinpluginconsts"))
	if err != nil {
		return err
	}
	names := make([]string, 0, len(consts))
	for name := range consts {
		if strings.HasSuffix(name, "FieldSpecs") {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	merged := map[string]json.RawMessage{}
	for _, name := range names {
		asJSON, err := yaml.YAMLToJSON([]byte(consts[name]))
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		var section map[string]json.RawMessage
		if err := json.Unmarshal(asJSON, &section); err != nil {
			continue // a fragment (a bare list) that other constants include
		}
		for key, value := range section {
			if _, dup := merged[key]; dup && name != "commonLabelFieldSpecs" {
				continue
			}
			merged[key] = value
		}
	}
	out, err := json.MarshalIndent(merged, "", "  ")
	if err != nil {
		return err
	}
	_, err = fmt.Println(string(out))
	return err
}
