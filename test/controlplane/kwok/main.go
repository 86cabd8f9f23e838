// Command kwok runs sigs.k8s.io/kwok's fake kubelet, built from its Go module, with one
// addition: it dies with the process that started it, so that a launcher killed with
// SIGKILL never leaves a fake node running behind it.
package main

import (
	"os"
	"syscall"

	"github.com/spf13/pflag"

	"sigs.k8s.io/kwok/pkg/config"
	"sigs.k8s.io/kwok/pkg/kwok/cmd"
	"sigs.k8s.io/kwok/pkg/log"
	"sigs.k8s.io/kwok/pkg/utils/signals"
)

func main() {
	exitWithParent()
	globalFlags := pflag.NewFlagSet("global", pflag.ContinueOnError)
	globalFlags.ParseErrorsWhitelist.UnknownFlags = true
	globalFlags.Usage = func() {}
	ctx, logger := log.InitFlags(signals.SetupSignalContext(), globalFlags)
	ctx, err := config.InitFlags(ctx, globalFlags)
	if err != nil {
		logger.Error("init config flags", err)
		os.Exit(1)
	}
	root := cmd.NewCommand(ctx)
	root.PersistentFlags().AddFlagSet(globalFlags)
	if err := root.ExecuteContext(ctx); err != nil {
		logger.Error("kwok exited", err)
		os.Exit(1)
	}
}

// exitWithParent asks Linux to kill this process when its parent dies. SIGKILL rather
// than SIGTERM: kwok's graceful shutdown waits on an apiserver that is gone by then, and
// a fake node holds no state worth a clean stop.
func exitWithParent() {
	parent := os.Getppid()
	_, _, _ = syscall.RawSyscall(syscall.SYS_PRCTL, syscall.PR_SET_PDEATHSIG, uintptr(syscall.SIGKILL), 0)
	if os.Getppid() != parent {
		os.Exit(1) // the parent died before the request took effect
	}
}
