// A vCenter simulator for the vsphere provider's tests: govmomi's own simulator (the
// VIM SOAP API at /sdk and the vAPI REST endpoints at /rest, tagging included), which
// Debian packages as a library without the vcsim command. Beyond that command it
// takes the guest addresses VMware Tools would report (vcsim has no API to set more
// than one) and writes, once it is listening, its URL and the virtual machines'
// managed object ids to a file, so a test knows when and what to tag.
//
//	vcsim -listen 127.0.0.1:0 -user U -password P -cert C -key K -guest guest.json -ready ready.json
//
// guest.json: {"DC0_H0_VM0": [{"ip_config": ["192.0.2.10", "fe80::1"], "ip_address": []}], ...}:
// per VM, its NICs, each with the addresses of guest.net[].ipConfig (omitted when
// empty) and of guest.net[].ipAddress.
package main

import (
	"crypto/tls"
	"encoding/json"
	"flag"
	"log"
	"net/url"
	"os"
	"os/signal"
	"syscall"

	"github.com/vmware/govmomi/simulator"
	_ "github.com/vmware/govmomi/vapi/simulator" // registers the /rest endpoints
	"github.com/vmware/govmomi/vim25/types"
)

type nic struct {
	IPConfig  []string `json:"ip_config"`
	IPAddress []string `json:"ip_address"`
}

type ready struct {
	URL string            `json:"url"`
	VMs map[string]string `json:"vms"` // name -> managed object id ("vm-54")
}

func readGuests(path string) map[string][]nic {
	guests := map[string][]nic{}
	if path == "" {
		return guests
	}
	data, err := os.ReadFile(path)
	if err != nil {
		log.Fatal(err)
	}
	if err := json.Unmarshal(data, &guests); err != nil {
		log.Fatalf("%s: %v", path, err)
	}
	return guests
}

func guestNet(nics []nic) []types.GuestNicInfo {
	var net []types.GuestNicInfo
	for i, n := range nics {
		info := types.GuestNicInfo{Network: "VM Network", IpAddress: n.IPAddress, Connected: true,
			DeviceConfigId: int32(4000 + i)}
		if len(n.IPConfig) > 0 {
			info.IpConfig = &types.NetIpConfigInfo{}
			for _, address := range n.IPConfig {
				info.IpConfig.IpAddress = append(info.IpConfig.IpAddress,
					types.NetIpConfigInfoIpAddress{IpAddress: address, PrefixLength: 64})
			}
		}
		net = append(net, info)
	}
	return net
}

func writeReady(path string, state ready) {
	data, err := json.Marshal(state)
	if err != nil {
		log.Fatal(err)
	}
	// Written whole, then renamed: a test polling for the file never reads half of it.
	if err := os.WriteFile(path+".tmp", data, 0o600); err != nil {
		log.Fatal(err)
	}
	if err := os.Rename(path+".tmp", path); err != nil {
		log.Fatal(err)
	}
}

func main() {
	listen := flag.String("listen", "127.0.0.1:0", "host:port to listen on")
	user := flag.String("user", "user", "the one user whose login succeeds")
	password := flag.String("password", "pass", "that user's password")
	cert := flag.String("cert", "", "PEM certificate to serve (required)")
	key := flag.String("key", "", "its PEM private key")
	guest := flag.String("guest", "", "JSON file of guest NIC addresses per VM name")
	readyFile := flag.String("ready", "", "file to write the URL and VM ids to once listening")
	flag.Parse()

	pair, err := tls.LoadX509KeyPair(*cert, *key)
	if err != nil {
		log.Fatalf("-cert/-key: %v", err)
	}

	model := simulator.VPX()
	if err := model.Create(); err != nil {
		log.Fatal(err)
	}
	defer model.Remove()

	guests := readGuests(*guest)
	state := ready{VMs: map[string]string{}}
	for _, entity := range simulator.Map.All("VirtualMachine") {
		vm := entity.(*simulator.VirtualMachine)
		state.VMs[vm.Name] = vm.Self.Value
		if nics, ok := guests[vm.Name]; ok {
			vm.Guest.Net = guestNet(nics)
		} else {
			vm.Guest.Net = nil // no VMware Tools report
		}
	}

	model.Service.Listen = &url.URL{Host: *listen, User: url.UserPassword(*user, *password)}
	model.Service.TLS = &tls.Config{Certificates: []tls.Certificate{pair}}
	model.Service.RegisterEndpoints = true
	server := model.Service.NewServer()
	defer server.Close()

	state.URL = "https://" + server.URL.Host
	if *readyFile != "" {
		writeReady(*readyFile, state)
	}

	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGTERM, syscall.SIGINT)
	<-stop
}
