import { findProductByCode, getProduct, insertProduct, listProducts, replaceProduct } from "@kitflow/db";
import { createProductInput, updateProductInput } from "@kitflow/domain";
import type { TRPCRouterRecord } from "@trpc/server";
import { notFound, taken } from "../errors";
import { runMutation } from "../mutation";
import { roleProcedure } from "../trpc";

export const catalogRouter = {
  listProducts: roleProcedure("factory_manager").query(({ ctx }) => listProducts(ctx.db, ctx.actor.organisationId)),

  getProduct: roleProcedure("factory_manager")
    .input(updateProductInput.pick({ id: true }))
    .query(async ({ ctx, input }) => {
      const product = await getProduct(ctx.db, ctx.actor.organisationId, input.id);
      if (!product) throw notFound("product");
      return product;
    }),

  /** Without an idempotency key the product code is the key: the same product sent twice is created once. */
  createProduct: roleProcedure("factory_manager")
    .input(createProductInput)
    .mutation(({ ctx, input }) => {
      const { idempotencyKey, ...fields } = input;
      const key = idempotencyKey ?? `product:${fields.code}`;
      return runMutation(ctx, "catalog.createProduct", { ...fields, idempotencyKey: key }, async (tx) => {
        const factoryId = ctx.actor.organisationId;
        if (await findProductByCode(tx, factoryId, fields.code)) {
          throw taken("product code", fields.code);
        }
        const id = await insertProduct(tx, factoryId, fields);
        const product = await getProduct(tx, factoryId, id);
        return { result: product, audit: { entityType: "product", entityId: id, detail: fields } };
      });
    }),

  /** Batches keep the kit they were created with, so editing never rewrites work already sent out. */
  updateProduct: roleProcedure("factory_manager")
    .input(updateProductInput)
    .mutation(({ ctx, input }) =>
      runMutation(ctx, "catalog.updateProduct", input, async (tx) => {
        const factoryId = ctx.actor.organisationId;
        const { id, idempotencyKey: _key, ...fields } = input;
        if (!(await getProduct(tx, factoryId, id))) throw notFound("product");
        const clash = await findProductByCode(tx, factoryId, fields.code);
        if (clash && clash.id !== id) throw taken("product code", fields.code);
        await replaceProduct(tx, factoryId, id, fields);
        const product = await getProduct(tx, factoryId, id);
        return { result: product, audit: { entityType: "product", entityId: id, detail: fields } };
      }),
    ),
} satisfies TRPCRouterRecord;
