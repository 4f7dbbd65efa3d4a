import { renderShareImage, SHARE_IMAGE_ALT, SHARE_IMAGE_SIZE } from "./share-image";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";
export const alt = SHARE_IMAGE_ALT;
export const size = SHARE_IMAGE_SIZE;
export const contentType = "image/png";

export default function TwitterImage({ params }: { params: Promise<{ id: string }> }) {
  return renderShareImage(params);
}
