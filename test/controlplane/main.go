// Command controlplane is a multi-call binary holding the Kubernetes control plane that
// Capstan's tests and `capstan dev-cluster` run: one link step instead of three keeps
// the cold build affordable on a 2-core machine.
//
//	controlplane kube-apiserver --embedded-etcd-dir D --embedded-etcd-client-port P --embedded-etcd-peer-port Q [apiserver flags]
//	controlplane kube-controller-manager [flags]
//	controlplane kube-scheduler [flags]
//	controlplane pki --dir D
package main

import (
	"fmt"
	"os"

	"github.com/spf13/cobra"
	"k8s.io/component-base/cli"
	apiserver "k8s.io/kubernetes/cmd/kube-apiserver/app"
	controllermanager "k8s.io/kubernetes/cmd/kube-controller-manager/app"
	scheduler "k8s.io/kubernetes/cmd/kube-scheduler/app"
)

const usage = "usage: controlplane kube-apiserver|kube-controller-manager|kube-scheduler|pki [flags]"

func main() {
	exitWithParent()
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, usage)
		os.Exit(2)
	}
	role, args := os.Args[1], os.Args[2:]
	switch role {
	case "kube-apiserver":
		os.Exit(runAPIServerWithEtcd(args))
	case "kube-controller-manager":
		os.Exit(runCobra(controllermanager.NewControllerManagerCommand(), role, args))
	case "kube-scheduler":
		os.Exit(runCobra(scheduler.NewSchedulerCommand(), role, args))
	case "pki":
		if err := writePKI(args); err != nil {
			fmt.Fprintf(os.Stderr, "pki: %v\n", err)
			os.Exit(1)
		}
	default:
		fmt.Fprintln(os.Stderr, usage)
		os.Exit(2)
	}
}

func runCobra(cmd *cobra.Command, role string, args []string) int {
	// The Kubernetes commands read os.Args through cobra; present them as if this
	// binary had been invoked under the component's own name.
	os.Args = append([]string{role}, args...)
	cmd.SetArgs(args)
	return cli.Run(cmd)
}

func newAPIServerCommand() *cobra.Command { return apiserver.NewAPIServerCommand() }
