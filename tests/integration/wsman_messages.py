"""WS-Management request envelopes as the clients send them (pywinrm's header shape: fixed
a:To, unqualified mustUnderstand, PT20S, MaxEnvelopeSize 153600), and fault parsing."""
import uuid
import xml.etree.ElementTree as ET

NS = {
    "s": "http://www.w3.org/2003/05/soap-envelope",
    "a": "http://schemas.xmlsoap.org/ws/2004/08/addressing",
    "w": "http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd",
    "n": "http://schemas.xmlsoap.org/ws/2004/09/enumeration",
    "b": "http://schemas.dmtf.org/wbem/wsman/1/cimbinding.xsd",
    "f": "http://schemas.microsoft.com/wbem/wsman/1/wsmanfault",
    "cim": "http://schemas.dmtf.org/wbem/wscim/1/common",
    "xsi": "http://www.w3.org/2001/XMLSchema-instance",
}
WMI = "http://schemas.microsoft.com/wbem/wsman/1/wmi/root/HyperVCluster/v2/"
DMTF = "http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/"
ALL = "http://schemas.dmtf.org/wbem/wscim/1/*"
TRANSFER = "http://schemas.xmlsoap.org/ws/2004/09/transfer/"
ENUMERATION = "http://schemas.xmlsoap.org/ws/2004/09/enumeration/"
WQL = "http://schemas.microsoft.com/wbem/wsman/1/WQL"


def envelope(action, resource_uri, body="", selectors=None, extra_headers="", message_id=None):
    message_id = message_id or f"uuid:{uuid.uuid4()}"
    selector_xml = ""
    if selectors:
        selector_xml = "<w:SelectorSet>" + "".join(
            f'<w:Selector Name="{name}">{value}</w:Selector>' for name, value in selectors.items()) + "</w:SelectorSet>"
    action_xml = f'<a:Action mustUnderstand="true">{action}</a:Action>' if action else ""
    return f"""<s:Envelope xmlns:s="{NS['s']}" xmlns:a="{NS['a']}" xmlns:w="{NS['w']}" xmlns:n="{NS['n']}" xmlns:b="{NS['b']}">
<s:Header><a:To>http://windows-host:5985/wsman</a:To>
<w:ResourceURI mustUnderstand="true">{resource_uri}</w:ResourceURI>
<a:ReplyTo><a:Address mustUnderstand="true">http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous</a:Address></a:ReplyTo>
{action_xml}<w:MaxEnvelopeSize mustUnderstand="true">153600</w:MaxEnvelopeSize>
<a:MessageID>{message_id}</a:MessageID><w:Locale xml:lang="en-US" mustUnderstand="false"/>
<w:OperationTimeout>PT20S</w:OperationTimeout>{selector_xml}{extra_headers}</s:Header>
<s:Body>{body}</s:Body></s:Envelope>"""


def enumerate_body(filter_xml="", optimize=True, max_elements=32000, mode=None):
    parts = ["<n:Enumerate>"]
    if optimize:
        parts.append(f"<w:OptimizeEnumeration/><w:MaxElements>{max_elements}</w:MaxElements>")
    if mode:
        parts.append(f"<w:EnumerationMode>{mode}</w:EnumerationMode>")
    parts.append(filter_xml)
    parts.append("</n:Enumerate>")
    return "".join(parts)


def wql_filter(query):
    return f'<w:Filter Dialect="{WQL}">{query}</w:Filter>'


def pull_body(context, max_elements=10):
    return f"<n:Pull><n:EnumerationContext>{context}</n:EnumerationContext><n:MaxElements>{max_elements}</n:MaxElements></n:Pull>"


def parse(text):
    return ET.fromstring(text)


def fault_of(text):
    """(code, subcode, WSManFault Code, message, detail URI) of a fault envelope."""
    root = parse(text)
    fault = root.find(".//s:Fault", NS)
    code = fault.find("s:Code/s:Value", NS).text
    sub = fault.find("s:Code/s:Subcode/s:Value", NS)
    wsman_fault = fault.find(".//f:WSManFault", NS)
    detail = fault.find(".//w:FaultDetail", NS)
    return (code, sub.text if sub is not None else None, wsman_fault.get("Code"),
            wsman_fault.find("f:Message", NS).text, detail.text if detail is not None else None)
