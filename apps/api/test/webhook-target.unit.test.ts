import { describe, expect, it } from "@jest/globals";
import { isDomainError } from "@reprise/core";
import { checkWebhookTarget } from "../src/features/submissions/webhook-target.js";

/** A resolver that answers from a fixed table, so no test depends on real DNS. */
const dns: Record<string, string[]> = {
  "hooks.example.com": ["93.184.215.14"],
  "internal.example.com": ["10.1.2.3"],
  "split.example.com": ["93.184.215.14", "192.168.1.10"],
  "v6.example.com": ["2606:2800:220:1:248:1893:25c8:1946"],
  localhost: ["127.0.0.1", "::1"],
};
const resolve = async (host: string) => {
  const found = dns[host];
  if (!found) throw new Error("ENOTFOUND");
  return found;
};

async function verdict(url: string, allowLoopback = false): Promise<string> {
  try {
    await checkWebhookTarget(url, { allowLoopback, resolve });
    return "allowed";
  } catch (error) {
    if (isDomainError(error)) return error.outcome.code;
    throw error;
  }
}

describe("checkWebhookTarget", () => {
  it.each([
    "https://hooks.example.com/reprise",
    "https://93.184.215.14/hook",
    "https://v6.example.com/hook",
    "https://[2606:2800:220:1:248:1893:25c8:1946]/hook",
  ])("allows the public target %s", async (url) => {
    expect(await verdict(url)).toBe("allowed");
  });

  it.each([
    ["plain http", "http://hooks.example.com/reprise"],
    ["not a URL", "hooks.example.com"],
    ["loopback", "https://127.0.0.1/hook"],
    ["loopback in another form", "https://0x7f.0.0.1/hook"],
    ["localhost", "https://localhost/hook"],
    ["private 10/8", "https://10.0.0.5/hook"],
    ["private 172.16/12", "https://172.16.4.1/hook"],
    ["private 192.168/16", "https://192.168.0.1/hook"],
    ["cloud metadata", "https://169.254.169.254/latest/meta-data"],
    ["IPv6 loopback", "https://[::1]/hook"],
    ["IPv4-mapped IPv6 loopback", "https://[::ffff:127.0.0.1]/hook"],
    ["IPv6 unique local", "https://[fd00::1]/hook"],
    ["carrier-grade NAT", "https://100.64.0.1/hook"],
    ["unspecified", "https://0.0.0.0/hook"],
    ["a name that resolves privately", "https://internal.example.com/hook"],
    ["a name with one public and one private address", "https://split.example.com/hook"],
    ["a name that does not resolve", "https://nowhere.example.com/hook"],
  ])("refuses %s with invalid_webhook_url", async (_label, url) => {
    expect(await verdict(url)).toBe("invalid_webhook_url");
  });

  describe("when loopback is allowed for development", () => {
    it("allows loopback but still refuses private and metadata addresses", async () => {
      expect(await verdict("https://127.0.0.1:8443/hook", true)).toBe("allowed");
      expect(await verdict("https://localhost/hook", true)).toBe("allowed");
      expect(await verdict("https://10.0.0.5/hook", true)).toBe("invalid_webhook_url");
      expect(await verdict("https://169.254.169.254/", true)).toBe("invalid_webhook_url");
    });
  });
});
