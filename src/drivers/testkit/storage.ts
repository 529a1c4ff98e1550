// The storage driver contract suite: every storage driver (simulator, qcow2 directories)
// must pass it. A driver's test file calls `storageContract(...)` with a factory.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { DomainError } from '../../core/errors.js';
import type { StorageDriver } from '../storage/types.js';

export interface StorageFixture {
  readonly driver: StorageDriver;
  readonly poolUrl: string;
  readonly storeUrl: string;
  /** A second pool and store, for copies and migrations. */
  readonly otherPoolUrl: string;
  readonly otherStoreUrl: string;
  /** A bootable-looking image the driver can use as a template, and its virtual size. */
  readonly image: Buffer;
  readonly imageVirtualSize: number;
  cleanup(): Promise<void>;
}

/** A minimal valid qcow2 header of the given virtual size (enough for header parsers). */
export function qcow2Header(virtualSize: number): Buffer {
  const b = Buffer.alloc(512);
  b.writeUInt32BE(0x514649fb, 0); // "QFI\xfb"
  b.writeUInt32BE(3, 4); // version
  b.writeUInt32BE(16, 20); // cluster bits
  b.writeBigUInt64BE(BigInt(virtualSize), 24);
  return b;
}

const kindOf = (e: unknown) => (e instanceof DomainError ? e.kind : String(e));

export function storageContract(name: string, make: () => Promise<StorageFixture>): void {
  describe(`storage driver contract: ${name}`, () => {
    let fx: StorageFixture;
    let http: Server;
    let base: string;
    let md5: string;
    before(async () => {
      fx = await make();
      md5 = createHash('md5').update(fx.image).digest('hex');
      http = createServer((req, res) => {
        if (req.url === '/image.qcow2') {
          res.writeHead(200, { 'content-length': fx.image.length });
          res.end(fx.image);
        } else {
          res.writeHead(404).end();
        }
      });
      await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
      base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
    });
    after(async () => {
      await new Promise((r) => http.close(r));
      await fx.cleanup();
    });

    it('reports pool and store capacity', async () => {
      for (const facts of [await fx.driver.probePool(fx.poolUrl), await fx.driver.probeImageStore(fx.storeUrl)]) {
        assert.ok(facts.capacityBytes > 0);
        assert.ok(facts.usedBytes >= 0 && facts.usedBytes <= facts.capacityBytes);
      }
    });

    it('downloads an image over HTTP, verifies checksums and reads its virtual size', async () => {
      const img = await fx.driver.downloadImage(fx.storeUrl, { name: 'tmpl-1', url: `${base}/image.qcow2`, format: 'QCOW2', checksum: `{MD5}${md5}` });
      assert.equal(img.md5, md5);
      assert.equal(img.sizeBytes, fx.imageVirtualSize);
      assert.equal(img.physicalBytes, fx.image.length);
      const again = await fx.driver.downloadImage(fx.storeUrl, { name: 'tmpl-1', url: `${base}/image.qcow2`, format: 'QCOW2' });
      assert.deepEqual(again, img, 'idempotent by name');
      const sha = createHash('sha256').update(fx.image).digest('hex');
      await fx.driver.downloadImage(fx.storeUrl, { name: 'tmpl-sha', url: `${base}/image.qcow2`, format: 'QCOW2', checksum: `{SHA-256}${sha}` });
      await assert.rejects(fx.driver.downloadImage(fx.storeUrl, { name: 'tmpl-bad', url: `${base}/image.qcow2`, format: 'QCOW2', checksum: '0'.repeat(32) }), (e) => kindOf(e) === 'InvalidParameter');
      await assert.rejects(fx.driver.downloadImage(fx.storeUrl, { name: 'tmpl-404', url: `${base}/missing`, format: 'QCOW2' }), (e) => kindOf(e) === 'ResourceUnavailable');
      await assert.rejects(fx.driver.downloadImage(fx.storeUrl, { name: 'tmpl-ftp', url: 'ftp://x/y', format: 'QCOW2' }), (e) => kindOf(e) === 'InvalidParameter');
    });

    it('creates linked-clone and blank volumes, idempotently, and accounts for them', async () => {
      const img = await fx.driver.downloadImage(fx.storeUrl, { name: 'tmpl-1', url: `${base}/image.qcow2`, format: 'QCOW2' });
      const root = await fx.driver.createVolume(fx.poolUrl, { name: 'vol-root', sizeBytes: 0, from: { storeUrl: fx.storeUrl, image: img } });
      assert.equal(root.sizeBytes, img.sizeBytes);
      const bigger = await fx.driver.createVolume(fx.poolUrl, { name: 'vol-root-big', sizeBytes: img.sizeBytes * 2, from: { storeUrl: fx.storeUrl, image: img } });
      assert.equal(bigger.sizeBytes, img.sizeBytes * 2);
      const data = await fx.driver.createVolume(fx.poolUrl, { name: 'vol-data', sizeBytes: 5 * 1024 ** 3 });
      assert.equal(data.sizeBytes, 5 * 1024 ** 3);
      assert.deepEqual(await fx.driver.createVolume(fx.poolUrl, { name: 'vol-data', sizeBytes: 5 * 1024 ** 3 }), data);
      const names = await fx.driver.listVolumes(fx.poolUrl);
      for (const v of [root, bigger, data]) assert.ok(names.includes(v.path), v.path);
    });

    it('resizes up, refuses to shrink, deletes idempotently', async () => {
      const v = await fx.driver.createVolume(fx.poolUrl, { name: 'vol-resize', sizeBytes: 1024 ** 3 });
      const r = await fx.driver.resizeVolume(fx.poolUrl, v.path, 2 * 1024 ** 3);
      assert.equal(r.sizeBytes, 2 * 1024 ** 3);
      await assert.rejects(fx.driver.resizeVolume(fx.poolUrl, v.path, 1024 ** 2), (e) => kindOf(e) === 'InvalidParameter');
      await fx.driver.deleteVolume(fx.poolUrl, v.path);
      await fx.driver.deleteVolume(fx.poolUrl, v.path);
      assert.ok(!(await fx.driver.listVolumes(fx.poolUrl)).includes(v.path));
      await assert.rejects(fx.driver.resizeVolume(fx.poolUrl, v.path, 4 * 1024 ** 3), (e) => kindOf(e) === 'ResourceUnavailable');
    });

    it('snapshots a volume into the store, restores it, exports and copies', async () => {
      const v = await fx.driver.createVolume(fx.poolUrl, { name: 'vol-snap', sizeBytes: 1024 ** 3 });
      const snap = await fx.driver.snapshotVolume(fx.poolUrl, v.path, fx.storeUrl, 'snap-1');
      assert.equal(snap.sizeBytes, v.sizeBytes);
      await fx.driver.resizeVolume(fx.poolUrl, v.path, 3 * 1024 ** 3);
      const restored = await fx.driver.restoreVolume(fx.poolUrl, v.path, fx.storeUrl, snap);
      assert.equal(restored.sizeBytes, 1024 ** 3);
      const tmpl = await fx.driver.volumeToImage(fx.poolUrl, v.path, fx.storeUrl, 'from-volume', 'QCOW2');
      assert.equal(tmpl.sizeBytes, 1024 ** 3);
      const copied = await fx.driver.copyImage(fx.storeUrl, tmpl, fx.otherStoreUrl, 'copied');
      assert.equal(copied.sizeBytes, tmpl.sizeBytes);
      const moved = await fx.driver.copyVolume(fx.poolUrl, v.path, fx.otherPoolUrl, 'vol-moved');
      assert.equal(moved.sizeBytes, restored.sizeBytes);
      assert.ok((await fx.driver.listVolumes(fx.otherPoolUrl)).includes(moved.path));
      await fx.driver.deleteImage(fx.storeUrl, snap.path);
      await fx.driver.deleteImage(fx.storeUrl, snap.path);
      await assert.rejects(fx.driver.restoreVolume(fx.poolUrl, v.path, fx.storeUrl, snap), (e) => kindOf(e) === 'ResourceUnavailable');
    });
  });
}
