"""Dell's wsl (Debian package `wsl`, shell scripts over curl and xmllint) against the real
binary: identify, enumerate with pull, get, and invoke on an instance EPR taken from an
EPR enumeration, over HTTP and HTTPS. wsl writes each response to response.xml."""
import os
import subprocess
import tempfile
import unittest
import xml.etree.ElementTree as ET

from cimdouble_server import CimdoubleServer
from wsman_messages import NS

RUNNING_JOB = "Microsoft:8B9A1C2D-3E4F-4A5B-8C6D-7E8F9A0B1C01"
COMPLETED_JOB = "Microsoft:8B9A1C2D-3E4F-4A5B-8C6D-7E8F9A0B1C02"


class WslTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = CimdoubleServer().__enter__()

    @classmethod
    def tearDownClass(cls):
        cls.server.__exit__(None, None, None)
        assert cls.server.exit_code == 0, "cimdouble did not stop cleanly"

    def setUp(self):
        self.folder = tempfile.TemporaryDirectory()

    def tearDown(self):
        self.folder.cleanup()

    def wsl(self, *args, https=False):
        url = self.server.https_url if https else self.server.http_url
        env = dict(os.environ, WSENDPOINT=url.split("//")[1].split("/")[0], WSUSER=self.server.user,
                   WSPASS=self.server.password, KEEPHISTORY="0", IPINTERACTIVE="0", OUTPREFIX=self.folder.name,
                   WSDEFAULTSCHEMA="schemas.dmtf.org", OUTLEVEL="1")
        if not https:
            env["WSNOSSL"] = "true"
        run = subprocess.run(list(args), cwd=self.folder.name, env=env, stdin=subprocess.DEVNULL,
                             capture_output=True, text=True, timeout=120)
        self.assertEqual(run.returncode, 0, run.stdout + run.stderr)
        responses = sorted((f for f in os.listdir(self.folder.name) if f.startswith("response-")),
                           key=lambda f: int(f.split("-")[1].split(".")[0]))
        return [ET.parse(os.path.join(self.folder.name, f)).getroot() for f in responses]

    def test_identify(self):
        (root,) = self.wsl("wslid", "check")
        self.assertIn("Stack: 3.0", ET.tostring(root, encoding="unicode"))

    def test_enumerate_with_pull(self):
        responses = self.wsl("wslenum", "Msvm_ComputerSystem", "-ns", "root/HyperVCluster/v2", "-opti", "4")
        self.assertEqual(len(responses), 4)  # the Enumerate and three Pulls
        count = sum(len(r.findall(".//{http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/Msvm_ComputerSystem}Msvm_ComputerSystem"))
                    for r in responses)
        self.assertEqual(count, 15)
        self.assertIsNotNone(responses[-1].find(".//n:EndOfSequence", NS))

    def test_get(self):
        # wslget sends no __cimnamespace: the default namespace, root/virtualization/v2, as the
        # endpoint's node (the default, HV-NODE1) sees it. db-01's storage migration ran there;
        # the running migration of web-02 lives on HV-NODE2 and is not HV-NODE1's to show.
        (root,) = self.wsl("wslget", "Msvm_MigrationJob", f"InstanceID={COMPLETED_JOB}")
        job = "{http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/Msvm_MigrationJob}"
        self.assertEqual(root.find(f".//{job}JobState").text, "7")
        self.assertEqual(root.find(f".//{job}VirtualSystemName").text, "5E3A0006-1006-4006-8006-A00000000006")

    def test_invoke_on_an_enumerated_epr(self):
        responses = self.wsl("wslenum", "Msvm_MigrationJob", "-ns", "root/HyperVCluster/v2", "-mode", "epr")
        eprs = [e for r in responses for e in r.findall(".//a:EndpointReference", NS)]
        self.assertEqual(len(eprs), 2)
        epr = next(e for e in eprs if RUNNING_JOB in ET.tostring(e, encoding="unicode"))
        self.assertIsNotNone(epr)
        # wsl pastes the selector lines into an envelope that declares the prefixes wsa: and
        # wsman:, so the EPR file has to use those (as the Dell iDRACs wsl was written for do).
        ET.register_namespace("wsa", NS["a"])
        ET.register_namespace("wsman", NS["w"])
        ET.indent(epr)  # wsl reads the EPR line by line, one element per line
        with open(os.path.join(self.folder.name, "job.xml"), "w") as f:
            f.write(ET.tostring(epr, encoding="unicode"))
        for name in os.listdir(self.folder.name):
            if name.startswith(("response-", "request-")):
                os.remove(os.path.join(self.folder.name, name))
        responses = self.wsl("wslinvoke", "Msvm_MigrationJob", "GetErrorEx", "-inst", "job.xml")
        output = responses[-1].find(".//{http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/Msvm_MigrationJob}GetErrorEx_OUTPUT")
        self.assertIsNotNone(output, ET.tostring(responses[-1], encoding="unicode"))
        return_value = output.find("{http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/Msvm_MigrationJob}ReturnValue")
        self.assertEqual(return_value.text, "0")  # a running job has no errors: 0 and no Errors
        self.assertIsNone(output.find("{http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/Msvm_MigrationJob}Errors"))

    def test_https(self):
        responses = self.wsl("wslenum", "Msvm_MigrationJob", "-ns", "root/HyperVCluster/v2", "-opti", "10", https=True)
        self.assertEqual(len(responses[0].findall(".//{http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/Msvm_MigrationJob}Msvm_MigrationJob")), 2)


if __name__ == "__main__":
    unittest.main()
