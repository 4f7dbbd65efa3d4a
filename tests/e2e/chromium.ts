// Debian's Chromium, as every browser run here launches it (Playwright's suite and the
// screenshots script): no browser downloads, and no background traffic on a closed network.
export const CHROMIUM = {
  executablePath: "/usr/bin/chromium",
  args: [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
};
