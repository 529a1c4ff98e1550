// The storage driver contract: primary pools hold volumes, image stores (secondary storage)
// hold templates, ISOs and snapshot backups. The simulator and the qcow2-directory driver
// implement the same interface and pass the same suite (src/drivers/testkit/storage.ts).
// Every operation is idempotent by name/path, so a job step can be retried after a crash.

export type ImageFormat = 'QCOW2' | 'RAW' | 'ISO' | 'VHD' | 'VMDK' | 'OVA' | 'TAR';

export interface CapacityFacts {
  readonly capacityBytes: number;
  readonly usedBytes: number;
}

/** An image (template, ISO, snapshot backup, volume export) in an image store. */
export interface ImageInfo {
  readonly path: string;
  /** Virtual size: what a volume made from it holds. */
  readonly sizeBytes: number;
  /** Bytes it takes in the store. */
  readonly physicalBytes: number;
  readonly format: ImageFormat;
  /** Hex MD5 of the stored bytes. */
  readonly md5: string;
}

export interface DownloadSpec {
  /** Unique name in the store (e.g. the template uuid). */
  readonly name: string;
  readonly url: string;
  readonly format: ImageFormat;
  /** CloudStack checksum syntax: `{MD5}hex`, `{SHA-256}hex`, … or a bare hex MD5. */
  readonly checksum?: string;
}

export interface VolumeInfo {
  readonly path: string;
  readonly sizeBytes: number;
  readonly physicalBytes: number;
  readonly format: 'QCOW2' | 'RAW';
}

export interface VolumeSpec {
  /** Unique name in the pool (e.g. the volume uuid). */
  readonly name: string;
  readonly sizeBytes: number;
  /** Linked clone of this image (root disks); the volume is at least the image's size. */
  readonly from?: { readonly storeUrl: string; readonly image: ImageInfo };
}

export interface StorageDriver {
  /** The URL schemes this driver serves, e.g. `sim`, `filesystem`. */
  readonly schemes: readonly string[];
  probePool(poolUrl: string): Promise<CapacityFacts>;
  probeImageStore(storeUrl: string): Promise<CapacityFacts>;

  /** Downloads `spec.url` into the store, verifying the checksum; `progress` gets 0..100. */
  downloadImage(storeUrl: string, spec: DownloadSpec, progress?: (percent: number) => void): Promise<ImageInfo>;
  copyImage(fromStoreUrl: string, image: ImageInfo, toStoreUrl: string, name: string): Promise<ImageInfo>;
  deleteImage(storeUrl: string, path: string): Promise<void>;

  createVolume(poolUrl: string, spec: VolumeSpec): Promise<VolumeInfo>;
  resizeVolume(poolUrl: string, path: string, sizeBytes: number): Promise<VolumeInfo>;
  deleteVolume(poolUrl: string, path: string): Promise<void>;
  copyVolume(fromPoolUrl: string, path: string, toPoolUrl: string, name: string): Promise<VolumeInfo>;
  listVolumes(poolUrl: string): Promise<string[]>;

  /** Backs a volume's current content up into an image store (CloudStack snapshots). */
  snapshotVolume(poolUrl: string, path: string, storeUrl: string, name: string): Promise<ImageInfo>;
  /** Replaces a volume's content with an image's (revertSnapshot). */
  restoreVolume(poolUrl: string, path: string, storeUrl: string, image: ImageInfo): Promise<VolumeInfo>;
  /** Exports a volume into the store as an image (createTemplate from a volume). */
  volumeToImage(poolUrl: string, path: string, storeUrl: string, name: string, format: ImageFormat): Promise<ImageInfo>;
}
