/** Sound and desktop notifications for escalations and new messages while the tab is hidden. */
let audio: AudioContext | null = null;

export function playChime() {
  try {
    audio ??= new AudioContext();
    const osc = audio.createOscillator();
    const gain = audio.createGain();
    osc.type = "sine";
    osc.frequency.setValueAtTime(880, audio.currentTime);
    osc.frequency.setValueAtTime(1320, audio.currentTime + 0.12);
    gain.gain.setValueAtTime(0.001, audio.currentTime);
    gain.gain.exponentialRampToValueAtTime(0.2, audio.currentTime + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.001, audio.currentTime + 0.35);
    osc.connect(gain).connect(audio.destination);
    osc.start();
    osc.stop(audio.currentTime + 0.4);
  } catch {
    /* audio unavailable */
  }
}

export function notificationsSupported(): boolean {
  return typeof Notification !== "undefined";
}

export async function askNotificationPermission(): Promise<NotificationPermission | "unsupported"> {
  if (!notificationsSupported()) return "unsupported";
  if (Notification.permission !== "default") return Notification.permission;
  return Notification.requestPermission();
}

/** Alerts only when the tab is hidden: a chime, plus a desktop notification if allowed. */
export function alertAgent(title: string, body: string, onClick?: () => void, sound = true) {
  if (document.visibilityState === "visible") return;
  if (sound) playChime();
  if (notificationsSupported() && Notification.permission === "granted") {
    const n = new Notification(title, { body: body.slice(0, 160), tag: title });
    n.onclick = () => {
      window.focus();
      onClick?.();
      n.close();
    };
  }
}
