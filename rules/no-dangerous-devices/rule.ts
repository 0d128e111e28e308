import { isMap, isSeq } from "yaml";
import { createRule, findEntry, mapEntries, normaliseHostPath, ruleDocsUrl, scalarString, seqItems, serviceEntry } from "@compose-lint/core";

/** Host devices that give raw access to disks, memory, the kernel or the host's mounts. */
// Block devices of every family (SCSI/SATA, IDE, virtio, Xen, NVMe, MMC, device mapper, software
// RAID as md0 or /dev/md/name, loop, RAM disks, network block devices, bcache, zram, LVM volume
// groups' /dev/<vg>/ links are covered by mapper/), and kernel interfaces that reach the host.
const DANGEROUS_DEVICE = /^\/dev\/(sd[a-z]|hd[a-z]|vd[a-z]|xvd[a-z]|nvme\d|mmcblk\d|dm-\d|md\d|md\/|loop\d|ram\d|nbd\d|bcache\d|zram\d|rbd\d|mapper\/|disk\/|block\/|mem$|kmem$|port$|kmsg$|fuse$|cpu\/|mcelog$|sg\d|bsg\/)/;

export default createRule<"device", []>({
  id: "no-dangerous-devices",
  meta: {
    type: "problem",
    docs: { description: "Disallow passing host disks and kernel devices into containers", category: "security", recommended: true, url: ruleDocsUrl("no-dangerous-devices") },
    defaultSeverity: "error",
    grade: "high",
    references: [{ title: "CIS Docker Benchmark 5.17: Ensure that host devices are not directly exposed to containers", url: "https://www.cisecurity.org/benchmark/docker" }],
    schema: [],
    messages: {
      device:
        'Service "{{service}}" gets the host device {{value}}: raw access to a disk, to memory or to a kernel interface lets a container read or change the host\'s data and escape. Pass a narrower device, or mount the files it needs.',
    },
  },
  defaultOptions: [],
  create(context) {
    const { document } = context.model;
    return {
      service(service) {
        const devices = serviceEntry(service, "devices");
        if (!devices || !isSeq(devices.node)) return;
        // `/dev/sda:/dev/xvda:rwm`, or `{source: /dev/sda, target: ..., permissions: rwm}`.
        for (const item of seqItems(devices.node, document, devices.shared)) {
          const source = isMap(item.node) ? findEntry(mapEntries(item.node, document, item.shared), "source")?.node : item.node;
          const text = source ? scalarString(source) : undefined;
          if (!source || text === undefined) continue;
          const host = normaliseHostPath(text.split(":")[0]!);
          if (DANGEROUS_DEVICE.test(host)) context.report({ node: source, messageId: "device", data: { service: service.name, value: host } });
        }
      },
    };
  },
});
