import { t } from "../../i18n";
import { ApiError, getAccessToken, refreshSession } from "../../lib/api";

/**
 * Uploads one file with XMLHttpRequest so the browser reports upload
 * progress (fetch does not). Retries once after refreshing an expired token.
 */
export function uploadWithProgress(chatbotId: string, file: File, onProgress: (fraction: number) => void): Promise<unknown> {
  const attempt = (retried: boolean): Promise<unknown> =>
    new Promise((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open("POST", "/api/v1/knowledge-base/documents");
      const token = getAccessToken();
      if (token) xhr.setRequestHeader("authorization", `Bearer ${token}`);
      xhr.setRequestHeader("accept", "application/json");
      xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
      xhr.onerror = () => reject(new ApiError(0, "NETWORK", t("errors.NETWORK")));
      xhr.onload = async () => {
        let body: { error?: { code?: string; message?: string } } & Record<string, unknown> = {};
        try {
          body = JSON.parse(xhr.responseText || "{}");
        } catch {
          /* not JSON */
        }
        if (xhr.status === 401 && !retried && (await refreshSession())) {
          resolve(attempt(true));
          return;
        }
        if (xhr.status >= 200 && xhr.status < 300) resolve(body);
        else reject(new ApiError(xhr.status, body.error?.code ?? `HTTP_${xhr.status}`, body.error?.message ?? t("docs.uploadFailed")));
      };
      const form = new FormData();
      form.append("chatbot_id", chatbotId);
      form.append("file", file);
      xhr.send(form);
    });
  return attempt(false);
}
