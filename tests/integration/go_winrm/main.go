// A WS-Man client on Go's masterzen/winrm with its NTLM transport (Azure/go-ntlmssp), as Go
// tooling for Hyper-V uses it: Identify, Enumerate/Pull with a WQL filter, Get, and an Invoke,
// through ClientNTLM (raw NTLMSSP tokens, plain bodies after the handshake), Get and Invoke
// (which need selectors masterzen's header builder cannot write) through the go-ntlmssp
// negotiator ClientNTLM wraps.
// Usage: go_winrm HOST PORT USER PASSWORD; prints one "ok STEP" line per step, exits 1 on error.
package main

import (
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/Azure/go-ntlmssp"
	"github.com/masterzen/simplexml/dom"
	"github.com/masterzen/winrm"
	"github.com/masterzen/winrm/soap"
)

const (
	wmi       = "http://schemas.microsoft.com/wbem/wsman/1/wmi/root/HyperVCluster/v2/"
	anonymous = "http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous"
)

var (
	nsWsman      = soap.DOM_NS_WSMAN_DMTF
	nsEnum       = dom.Namespace{Prefix: "n", Uri: "http://schemas.xmlsoap.org/ws/2004/09/enumeration"}
	nsIdentify   = dom.Namespace{Prefix: "wsmid", Uri: "http://schemas.dmtf.org/wbem/wsman/identity/1/wsmanidentity.xsd"}
)

// message builds an envelope with masterzen's header builder (no selectors: it has none but
// its shell's), and returns it with its body.
func message(url, action, resource string) (*soap.SoapMessage, *dom.Element) {
	m := soap.NewMessage()
	if action != "" {
		m.Header().To(url).ReplyTo(anonymous).MaxEnvelopeSize(153600).Id("uuid:"+strconv.FormatInt(time.Now().UnixNano(), 16)).
			Action(action).ResourceURI(resource).Timeout("PT60S").Build()
	} else {
		m.Header().Build()
	}
	return m, m.NewBody()
}

// envelope is a whole request as text, for the two that need selectors: posted through the
// same NTLM negotiator masterzen's ClientNTLM wraps.
func envelope(url, action, resource, selectors, body string) string {
	return `<env:Envelope xmlns:env="http://www.w3.org/2003/05/soap-envelope" xmlns:a="http://schemas.xmlsoap.org/ws/2004/08/addressing" ` +
		`xmlns:w="http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd"><env:Header><a:To>` + url + `</a:To><a:ReplyTo><a:Address>` + anonymous +
		`</a:Address></a:ReplyTo><a:Action>` + action + `</a:Action><a:MessageID>uuid:` + strconv.FormatInt(time.Now().UnixNano(), 16) +
		`</a:MessageID><w:ResourceURI>` + resource + `</w:ResourceURI><w:SelectorSet>` + selectors + `</w:SelectorSet></env:Header><env:Body>` +
		body + `</env:Body></env:Envelope>`
}

func fail(step string, err error) {
	fmt.Printf("failed %s: %v\n", step, err)
	os.Exit(1)
}

func expect(step, answer, want string) {
	if !strings.Contains(answer, want) {
		fmt.Printf("failed %s: no %q in %s\n", step, want, answer)
		os.Exit(1)
	}
	fmt.Println("ok " + step)
}

func main() {
	host, user, password := os.Args[1], os.Args[3], os.Args[4]
	port, _ := strconv.Atoi(os.Args[2])
	endpoint := winrm.NewEndpoint(host, port, false, false, nil, nil, nil, 30*time.Second)
	params := winrm.DefaultParameters
	transport := &winrm.ClientNTLM{}
	params.TransportDecorator = func() winrm.Transporter { return transport }
	client, err := winrm.NewClientWithParameters(endpoint, user, password, params)
	if err != nil {
		fail("client", err)
	}
	url := fmt.Sprintf("http://%s:%d/wsman", host, port)
	post := func(step string, m *soap.SoapMessage) string {
		answer, err := transport.Post(client, m)
		if err != nil {
			fail(step, err)
		}
		return answer
	}

	m, body := message(url, "", "")
	m.CreateElement(body, "Identify", nsIdentify)
	expect("identify", post("identify", m), "ProductVendor")

	m, body = message(url, "http://schemas.xmlsoap.org/ws/2004/09/enumeration/Enumerate", wmi+"*")
	enumerate := m.CreateElement(body, "Enumerate", nsEnum)
	filter := m.CreateElement(enumerate, "Filter", nsWsman)
	filter.SetAttr("Dialect", "http://schemas.microsoft.com/wbem/wsman/1/WQL")
	filter.SetContent("SELECT * FROM Msvm_ComputerSystem WHERE Caption = 'Virtual Machine'")
	answer := post("enumerate", m)
	expect("enumerate", answer, "EnumerationContext")
	start := strings.Index(answer, "EnumerationContext>") + len("EnumerationContext>")
	context := answer[start : start+strings.Index(answer[start:], "<")]

	m, body = message(url, "http://schemas.xmlsoap.org/ws/2004/09/enumeration/Pull", wmi+"*")
	pull := m.CreateElement(body, "Pull", nsEnum)
	m.CreateElement(pull, "EnumerationContext", nsEnum).SetContent(context)
	m.CreateElement(pull, "MaxElements", nsEnum).SetContent("50")
	expect("pull", post("pull", m), "Msvm_ComputerSystem")

	raw := &http.Client{Transport: &ntlmssp.Negotiator{RoundTripper: &http.Transport{}}}
	send := func(step, text string) string {
		request, _ := http.NewRequest("POST", url, strings.NewReader(text))
		request.Header.Set("Content-Type", "application/soap+xml;charset=UTF-8")
		request.SetBasicAuth(user, password)
		response, err := raw.Do(request)
		if err != nil {
			fail(step, err)
		}
		defer response.Body.Close()
		bytes, _ := io.ReadAll(response.Body)
		if response.StatusCode != 200 {
			fail(step, fmt.Errorf("HTTP %d: %s", response.StatusCode, bytes))
		}
		return string(bytes)
	}
	expect("get", send("get", envelope(url, "http://schemas.xmlsoap.org/ws/2004/09/transfer/Get", wmi+"Msvm_MigrationJob",
		`<w:Selector Name="InstanceID">Microsoft:8B9A1C2D-3E4F-4A5B-8C6D-7E8F9A0B1C01</w:Selector>`, "")), "Msvm_MigrationJob")

	// Invoke: a live migration of app-02 (idle on HV-NODE2), its job polled and then
	// terminated, so the VM stays where it is for the next run.
	service := wmi + "Msvm_VirtualSystemMigrationService"
	started := send("invoke", envelope(url, service+"/MigrateVirtualSystemToHost", service,
		`<w:Selector Name="SystemCreationClassName">Msvm_ComputerSystem</w:Selector><w:Selector Name="SystemName">HV-NODE2</w:Selector>`+
			`<w:Selector Name="CreationClassName">Msvm_VirtualSystemMigrationService</w:Selector><w:Selector Name="Name">migrationwmi</w:Selector>`,
		`<p:MigrateVirtualSystemToHost_INPUT xmlns:p="`+service+`"><p:ComputerSystem><a:Address>`+anonymous+`</a:Address>`+
			`<a:ReferenceParameters><w:ResourceURI>`+wmi+`Msvm_ComputerSystem</w:ResourceURI><w:SelectorSet>`+
			`<w:Selector Name="CreationClassName">Msvm_ComputerSystem</w:Selector><w:Selector Name="Name">5E3A0004-1004-4004-8004-A00000000004</w:Selector>`+
			`</w:SelectorSet></a:ReferenceParameters></p:ComputerSystem><p:DestinationHost>HV-NODE1</p:DestinationHost>`+
			`</p:MigrateVirtualSystemToHost_INPUT>`))
	expect("invoke", started, "4096</p:ReturnValue>")
	const idSelector = `<w:Selector Name="InstanceID">`
	at := strings.Index(started, idSelector)
	if at < 0 {
		fail("invoke", fmt.Errorf("no job reference in %s", started))
	}
	at += len(idSelector)
	job := started[at : at+strings.Index(started[at:], "<")]
	jobClass := wmi + "Msvm_MigrationJob"
	selector := idSelector + job + `</w:Selector>`
	expect("poll", send("poll", envelope(url, "http://schemas.xmlsoap.org/ws/2004/09/transfer/Get", jobClass, selector, "")),
		"<p:JobState>4</p:JobState>")
	expect("terminate", send("terminate", envelope(url, jobClass+"/RequestStateChange", jobClass, selector,
		`<p:RequestStateChange_INPUT xmlns:p="`+jobClass+`"><p:RequestedState>4</p:RequestedState></p:RequestStateChange_INPUT>`)),
		"0</p:ReturnValue>")
	expect("terminated", send("poll", envelope(url, "http://schemas.xmlsoap.org/ws/2004/09/transfer/Get", jobClass, selector, "")),
		"<p:JobState>8</p:JobState>")
}
