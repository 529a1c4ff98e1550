// The simulator storage driver: pools and image stores that exist only as records in the
// simulator's durable store, with real HTTP downloads (checksummed, sized) of templates.
import { createHash } from 'node:crypto';
import { DomainError, invalidParam } from '../../../core/errors.js';
import type { Faults } from '../../sim-state/faults.js';
import type { SimStore } from '../../sim-state/store.js';
import { fetchImage } from '../download.js';
import type { CapacityFacts, DownloadSpec, ImageFormat, ImageInfo, StorageDriver, VolumeInfo, VolumeSpec } from '../types.js';

const TiB = 1024 ** 4;

function capacityOf(url: string, fallback: number): number {
  try {
    const v = new URL(url).searchParams.get('capacitybytes');
    return v && /^\d+$/.test(v) ? Number(v) : fallback;
  } catch {
    throw invalidParam(`Invalid storage URL ${url}`);
  }
}

const key = (location: string, name: string) => `${location}|${name}`;

export class SimStorageDriver implements StorageDriver {
  readonly schemes = ['sim'];

  constructor(
    private readonly store: SimStore,
    readonly faults: Faults,
  ) {}

  private used(kind: 'volume' | 'image', location: string): number {
    return this.store.list<{ physicalBytes: number }>(kind, `${location}|`).reduce((n, e) => n + e.value.physicalBytes, 0);
  }

  async probePool(poolUrl: string): Promise<CapacityFacts> {
    await this.faults.enter('probePool', poolUrl);
    return { capacityBytes: capacityOf(poolUrl, 100 * TiB), usedBytes: this.used('volume', poolUrl) };
  }

  async probeImageStore(storeUrl: string): Promise<CapacityFacts> {
    await this.faults.enter('probeImageStore', storeUrl);
    return { capacityBytes: capacityOf(storeUrl, 100 * TiB), usedBytes: this.used('image', storeUrl) };
  }

  async downloadImage(storeUrl: string, spec: DownloadSpec, progress?: (percent: number) => void): Promise<ImageInfo> {
    await this.faults.enter('downloadImage', storeUrl);
    const existing = this.store.get<ImageInfo>('image', key(storeUrl, spec.name));
    if (existing) return existing;
    // The simulator keeps no bytes, but it does fetch and verify them like a real store.
    const got = await fetchImage(spec.url, spec.checksum, () => undefined, progress);
    const info: ImageInfo = { path: `images/${spec.name}`, sizeBytes: got.virtualSize, physicalBytes: got.bytes, format: spec.format, md5: got.md5 };
    this.store.put('image', key(storeUrl, spec.name), info);
    return info;
  }

  async copyImage(fromStoreUrl: string, image: ImageInfo, toStoreUrl: string, name: string): Promise<ImageInfo> {
    await this.faults.enter('copyImage', toStoreUrl);
    if (!this.findImage(fromStoreUrl, image.path)) throw new DomainError('ResourceUnavailable', `Image ${image.path} is not in store ${fromStoreUrl}`);
    const copy: ImageInfo = { ...image, path: `images/${name}` };
    this.store.put('image', key(toStoreUrl, name), copy);
    return copy;
  }

  async deleteImage(storeUrl: string, path: string): Promise<void> {
    await this.faults.enter('deleteImage', storeUrl);
    this.store.delete('image', key(storeUrl, path.replace(/^images\//, '')));
  }

  private findImage(storeUrl: string, path: string): ImageInfo | undefined {
    return this.store.get<ImageInfo>('image', key(storeUrl, path.replace(/^images\//, '')));
  }

  private volume(poolUrl: string, path: string): VolumeInfo {
    const v = this.store.get<VolumeInfo>('volume', key(poolUrl, path));
    if (!v) throw new DomainError('ResourceUnavailable', `Volume ${path} does not exist on pool ${poolUrl}`);
    return v;
  }

  async createVolume(poolUrl: string, spec: VolumeSpec): Promise<VolumeInfo> {
    await this.faults.enter('createVolume', poolUrl);
    const existing = this.store.get<VolumeInfo>('volume', key(poolUrl, spec.name));
    if (existing) return existing;
    if (spec.from && !this.findImage(spec.from.storeUrl, spec.from.image.path)) {
      throw new DomainError('ResourceUnavailable', `Template image ${spec.from.image.path} is not in store ${spec.from.storeUrl}`);
    }
    const sizeBytes = Math.max(spec.sizeBytes, spec.from?.image.sizeBytes ?? 0);
    const facts = await this.probePool(poolUrl);
    // A linked clone starts with the template's allocated bytes; thin volumes start empty.
    const physicalBytes = spec.from ? spec.from.image.physicalBytes : 0;
    if (facts.usedBytes + physicalBytes > facts.capacityBytes) throw new DomainError('InsufficientCapacity', `Pool ${poolUrl} is full`);
    const v: VolumeInfo = { path: spec.name, sizeBytes, physicalBytes, format: 'QCOW2' };
    this.store.put('volume', key(poolUrl, spec.name), v);
    return v;
  }

  async resizeVolume(poolUrl: string, path: string, sizeBytes: number): Promise<VolumeInfo> {
    await this.faults.enter('resizeVolume', poolUrl);
    const v = this.volume(poolUrl, path);
    if (sizeBytes < v.sizeBytes) throw invalidParam(`Shrinking volume ${path} from ${v.sizeBytes} to ${sizeBytes} bytes is not supported`);
    const r = { ...v, sizeBytes };
    this.store.put('volume', key(poolUrl, path), r);
    return r;
  }

  async deleteVolume(poolUrl: string, path: string): Promise<void> {
    await this.faults.enter('deleteVolume', poolUrl);
    this.store.delete('volume', key(poolUrl, path));
  }

  async copyVolume(fromPoolUrl: string, path: string, toPoolUrl: string, name: string): Promise<VolumeInfo> {
    await this.faults.enter('copyVolume', toPoolUrl);
    const v = this.volume(fromPoolUrl, path);
    const copy = { ...v, path: name };
    this.store.put('volume', key(toPoolUrl, name), copy);
    return copy;
  }

  async listVolumes(poolUrl: string): Promise<string[]> {
    return this.store.list<VolumeInfo>('volume', `${poolUrl}|`).map((e) => e.value.path);
  }

  async snapshotVolume(poolUrl: string, path: string, storeUrl: string, name: string): Promise<ImageInfo> {
    await this.faults.enter('snapshotVolume', poolUrl);
    const existing = this.store.get<ImageInfo>('image', key(storeUrl, name));
    if (existing) return existing;
    const v = this.volume(poolUrl, path);
    const img: ImageInfo = {
      path: `images/${name}`, sizeBytes: v.sizeBytes, physicalBytes: v.physicalBytes, format: 'QCOW2',
      md5: createHash('md5').update(`${poolUrl}|${path}|${name}`).digest('hex'),
    };
    this.store.put('image', key(storeUrl, name), img);
    return img;
  }

  async restoreVolume(poolUrl: string, path: string, storeUrl: string, image: ImageInfo): Promise<VolumeInfo> {
    await this.faults.enter('restoreVolume', poolUrl);
    const v = this.volume(poolUrl, path);
    if (!this.findImage(storeUrl, image.path)) throw new DomainError('ResourceUnavailable', `Image ${image.path} is not in store ${storeUrl}`);
    const r = { ...v, sizeBytes: image.sizeBytes, physicalBytes: image.physicalBytes };
    this.store.put('volume', key(poolUrl, path), r);
    return r;
  }

  async volumeToImage(poolUrl: string, path: string, storeUrl: string, name: string, format: ImageFormat): Promise<ImageInfo> {
    await this.faults.enter('volumeToImage', poolUrl);
    const existing = this.store.get<ImageInfo>('image', key(storeUrl, name));
    if (existing) return existing;
    const v = this.volume(poolUrl, path);
    const img: ImageInfo = {
      path: `images/${name}`, sizeBytes: v.sizeBytes, physicalBytes: v.physicalBytes, format,
      md5: createHash('md5').update(`${poolUrl}|${path}|${name}`).digest('hex'),
    };
    this.store.put('image', key(storeUrl, name), img);
    return img;
  }
}
