package main

import (
	"os"
	"syscall"
)

// exitWithParent asks Linux to send SIGTERM when the parent process dies, so that a
// launcher killed with SIGKILL never leaves an apiserver or etcd holding its ports.
func exitWithParent() {
	parent := os.Getppid()
	_, _, _ = syscall.RawSyscall(syscall.SYS_PRCTL, syscall.PR_SET_PDEATHSIG, uintptr(syscall.SIGTERM), 0)
	if os.Getppid() != parent {
		os.Exit(1) // the parent died before the request took effect
	}
}
