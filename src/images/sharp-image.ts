import sharp from 'sharp'

/** An encoded image and its pixel size. */
export interface EncodedImage {
  data: Buffer
  width: number
  height: number
}

/** The formats the build writes. */
export type EncodeFormat = 'webp' | 'jpeg' | 'png'

/** The image work of one build: sharp, behind the few operations the build uses, with a count of each one run. */
export interface ImageEncoder {
  /** The upright pixel size of an image (EXIF rotation applied) and whether it has transparency. */
  size(bytes: Buffer): Promise<{width: number; height: number; alpha: boolean}>
  /** The image upright, `width` pixels wide (never wider than it is), in `format`. */
  resize(bytes: Buffer, width: number, format: EncodeFormat): Promise<EncodedImage>
  /** The image cut to exactly `width`×`height` around its most salient part, as JPEG. */
  crop(bytes: Buffer, width: number, height: number): Promise<EncodedImage>
  /** How many times sharp was asked to read or encode an image. */
  readonly calls: number
}

// Metadata and EXIF are dropped (sharp's default): a photo's GPS position is not for the newsroom's readers.
const options = {webp: {quality: 80, effort: 4}, jpeg: {quality: 82, mozjpeg: true}, png: {compressionLevel: 9, palette: false}} as const

/** The one place the build reaches sharp. */
export function createImageEncoder(): ImageEncoder {
  let calls = 0
  const encode = async (image: sharp.Sharp): Promise<EncodedImage> => {
    const {data, info} = await image.toBuffer({resolveWithObject: true})
    return {data, width: info.width, height: info.height}
  }
  return {
    async size(bytes) {
      calls++
      const meta = await sharp(bytes).metadata()
      // EXIF orientations 5 to 8 turn the picture a quarter: its upright width is the stored height.
      const turned = (meta.orientation ?? 1) >= 5
      const width = meta.width ?? 0
      const height = meta.height ?? 0
      return {width: turned ? height : width, height: turned ? width : height, alpha: meta.hasAlpha === true}
    },
    resize(bytes, width, format) {
      calls++
      const image = sharp(bytes).rotate().resize({width, withoutEnlargement: true})
      return encode(format === 'webp' ? image.webp(options.webp) : format === 'png' ? image.png(options.png) : image.flatten({background: '#ffffff'}).jpeg(options.jpeg))
    },
    crop(bytes, width, height) {
      calls++
      return encode(sharp(bytes).rotate().resize({width, height, fit: 'cover', position: sharp.strategy.attention}).flatten({background: '#ffffff'}).jpeg(options.jpeg))
    },
    get calls() {
      return calls
    }
  }
}
