package main

import (
	"flag"
	"fmt"
	"net/url"
	"os"
	"time"

	"go.etcd.io/etcd/server/v3/embed"
)

// runAPIServerWithEtcd starts etcd inside this process, then kube-apiserver pointed at it.
// etcd's own flags are parsed first and removed; everything else goes to the apiserver.
func runAPIServerWithEtcd(args []string) int {
	fs := flag.NewFlagSet("embedded-etcd", flag.ContinueOnError)
	dir := fs.String("embedded-etcd-dir", "", "etcd data directory")
	clientPort := fs.Int("embedded-etcd-client-port", 0, "loopback port for etcd clients")
	peerPort := fs.Int("embedded-etcd-peer-port", 0, "loopback port for etcd peers (unused, but etcd needs one)")
	etcdArgs, rest := splitEtcdArgs(args)
	if err := fs.Parse(etcdArgs); err != nil {
		return 2
	}
	if *dir == "" || *clientPort == 0 || *peerPort == 0 {
		fmt.Fprintln(os.Stderr, "kube-apiserver: --embedded-etcd-dir, --embedded-etcd-client-port and --embedded-etcd-peer-port are required")
		return 2
	}
	etcd, err := startEtcd(*dir, *clientPort, *peerPort)
	if err != nil {
		fmt.Fprintf(os.Stderr, "embedded etcd: %v\n", err)
		return 1
	}
	defer etcd.Close()
	rest = append(rest, fmt.Sprintf("--etcd-servers=http://127.0.0.1:%d", *clientPort))
	return runCobra(newAPIServerCommand(), "kube-apiserver", rest)
}

func splitEtcdArgs(args []string) (etcdArgs, rest []string) {
	for _, a := range args {
		if len(a) > 16 && a[:16] == "--embedded-etcd-" {
			etcdArgs = append(etcdArgs, a)
		} else {
			rest = append(rest, a)
		}
	}
	return etcdArgs, rest
}

func startEtcd(dir string, clientPort, peerPort int) (*embed.Etcd, error) {
	cfg := embed.NewConfig()
	cfg.Name = "capstan-dev"
	cfg.Dir = dir
	clientURL := url.URL{Scheme: "http", Host: fmt.Sprintf("127.0.0.1:%d", clientPort)}
	peerURL := url.URL{Scheme: "http", Host: fmt.Sprintf("127.0.0.1:%d", peerPort)}
	cfg.ListenClientUrls = []url.URL{clientURL}
	cfg.AdvertiseClientUrls = []url.URL{clientURL}
	cfg.ListenPeerUrls = []url.URL{peerURL}
	cfg.AdvertisePeerUrls = []url.URL{peerURL}
	cfg.InitialCluster = fmt.Sprintf("%s=%s", cfg.Name, peerURL.String())
	// A throwaway development store: durability across power loss is not worth the
	// fsync latency that would otherwise dominate every write in the test suite.
	cfg.UnsafeNoFsync = true
	cfg.LogLevel = "error"
	cfg.AutoCompactionMode = "periodic"
	cfg.AutoCompactionRetention = "5m"
	cfg.QuotaBackendBytes = 2 << 30
	e, err := embed.StartEtcd(cfg)
	if err != nil {
		return nil, err
	}
	select {
	case <-e.Server.ReadyNotify():
		return e, nil
	case err := <-e.Err():
		e.Close()
		return nil, err
	case <-time.After(60 * time.Second):
		e.Close()
		return nil, fmt.Errorf("not ready after 60s")
	}
}
